"""cli: the real console script, its output and its exit codes (0 clean, 1 findings, 2 unusable input)."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from .helpers import FIXTURES, ROOT

# Each test runs the real console script in a subprocess: about a second or more each.
pytestmark = pytest.mark.slow

EXE = shutil.which("forcedmig-kb") or f"{sys.executable} -m forcedmig_kb.cli"


def run(*args, cwd=ROOT):
    cmd = [*EXE.split(), *map(str, args)]
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=120)


def test_check_without_arguments_passes_on_the_reviewed_chapter():
    result = run("check")
    assert result.returncode == 0, result.stdout
    assert "No findings (37 reviewed)" in result.stdout


def test_strict_check_reports_uncited_figures():
    result = run("check", "--strict")
    assert result.returncode == 1
    assert "uncited (" in result.stdout
    assert "data/claims.ttl:" in result.stdout
    assert "claim:dw2019-commodities-boom-2002" in result.stdout
    assert "“created a commodities boom since 2002”" in result.stdout


def test_check_json_has_the_promised_fields():
    result = run("check", "data", "--format", "json", "--strict")
    assert result.returncode == 1
    findings = json.loads(result.stdout)
    assert findings and all({"rule", "severity", "focus", "quote", "citation", "message"} <= f.keys() for f in findings)
    by_focus = {f["focus"].rsplit("/", 1)[-1]: f for f in findings}
    sea = by_focus["dw2019-sea-level-rise-affected"]
    assert sea["rule"] == "missing-period" and sea["citation"] == "World Bank, 2012"


def test_clean_corpus_exits_0():
    result = run("check", FIXTURES / "base", FIXTURES / "valid")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings" in result.stdout


def test_malformed_turtle_exits_2_with_file_and_line(tmp_path):
    bad = tmp_path / "claims.ttl"
    bad.write_text("@prefix ex: <http://ex/> .\nex:a ex:b .\n", encoding="utf-8")
    result = run("check", bad)
    assert result.returncode == 2
    assert f"{bad}:2:" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_malformed_bibtex_exits_2_with_file_and_line(tmp_path):
    (tmp_path / "refs.bib").write_text(
        "@book{a, author={A}, year={2000}, title={T}}\n@book{a, author={B}, year={2001}, title={U}}\n"
    )
    result = run("check", tmp_path)
    assert result.returncode == 2
    assert f"{tmp_path / 'refs.bib'}:2:" in result.stderr and "duplicate entry key" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_arguments_exit_2():
    assert run("check", "--format", "yaml").returncode == 2
    assert run("check", "/nonexistent/folder").returncode == 2


def test_check_works_from_any_directory_on_the_bundled_chapter(tmp_path):
    result = run("check", "--format", "json", "--strict", cwd=tmp_path)
    assert result.returncode == 1
    assert any(f["rule"] == "uncited" for f in json.loads(result.stdout))


def test_output_file_is_written(tmp_path):
    out = tmp_path / "report.json"
    result = run("check", "--format", "json", "--strict", "--output", out)
    assert result.returncode == 1 and result.stdout == ""
    assert json.loads(out.read_text())


def test_extract_writes_drafts_that_check_audits_and_leaves_the_input_alone(tmp_path):
    """Extract, then check, without hand edits."""
    text = FIXTURES / "texts" / "fisheries.md"
    before = text.read_bytes()
    out = tmp_path / "drafts.ttl"
    result = run("extract", text, "--output", out)
    assert result.returncode == 0, result.stderr
    assert text.read_bytes() == before and out.is_file() and result.stdout == ""
    assert "draft claims" in result.stderr
    check = run("check", out, "--format", "json")
    assert check.returncode == 1
    rules = {f["rule"] for f in json.loads(check.stdout)}
    assert "uncited" in rules and not rules & {"value", "unit", "quote", "document", "label"}


def test_extract_json_ld_loads_too(tmp_path):
    out = tmp_path / "drafts.jsonld"
    assert run("extract", FIXTURES / "texts" / "remittances.txt", "--format", "json", "-o", out).returncode == 0
    assert json.loads(out.read_text())
    assert run("check", out).returncode == 1


def test_extract_unusable_input_exits_2_with_file_and_line(tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes(b"A first line\nna\xefve figures: 40 percent\n")
    result = run("extract", bad)
    assert result.returncode == 2 and f"{bad}:2:" in result.stderr and "Traceback" not in result.stderr
    assert run("extract", tmp_path / "missing.txt").returncode == 2


def test_coverage_of_a_text_the_knowledge_base_does_not_hold_exits_2_saying_what_to_do():
    text = FIXTURES / "texts" / "remittances.txt"
    for result in (run("coverage", text, "--data", "data"), run("check", "data", "--text", text)):
        assert result.returncode == 2 and result.stdout == ""
        assert "no document of the knowledge base is this text" in result.stderr
        assert "--data FOLDER" in result.stderr and "forcedmig-kb import SHEET.csv" in result.stderr


def test_coverage_lists_unclaimed_numbers_and_lost_quotes_and_check_text_adds_them(tmp_path):
    source = FIXTURES / "texts" / "remittances.txt"
    drafts = tmp_path / "drafts.ttl"
    assert run("extract", source, "-o", drafts).returncode == 0
    assert run("coverage", source, "--data", drafts).returncode == 0  # every number drafted, every quote there
    text = tmp_path / "remittances.txt"
    text.write_text(source.read_text().replace("US$ 548 billion", "US$ 549 billion"), encoding="utf-8")
    result = run("coverage", text, "--data", drafts)
    assert result.returncode == 1 and "unclaimed-figure" in result.stdout and "remittances.txt:" in result.stdout
    assert "quote-not-in-text" in result.stdout
    check = run("check", drafts, "--text", text, "--format", "json")
    rules = {f["rule"] for f in json.loads(check.stdout)}
    assert check.returncode == 1 and {"unclaimed-figure", "quote-not-in-text"} <= rules


def test_check_on_an_on_disk_store_gives_the_same_report_when_it_reopens_it(tmp_path):
    spec = f"oxigraph:{tmp_path / 'db'}"
    first = run("check", "data", "--store", spec, "--format", "json")
    second = run("check", "data", "--store", spec, "--format", "json")
    assert first.returncode == second.returncode == 0, first.stderr
    assert (
        json.loads(first.stdout)
        == json.loads(second.stdout)
        == json.loads(run("check", "data", "--format", "json").stdout)
    )


def test_check_on_a_sparql_server(oxigraph_server):
    """The store chosen by FMKB_STORE (the server's spec), the chapter loaded over HTTP."""
    env = os.environ | oxigraph_server.env()
    result = subprocess.run(
        [*EXE.split(), "check", "data", "--format", "json", "--strict"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env=env,
    )
    assert result.returncode == 1, result.stderr
    assert json.loads(result.stdout) == json.loads(run("check", "data", "--format", "json", "--strict").stdout)


def test_an_unreachable_store_exits_2_naming_it():
    result = run("check", "data", "--store", "sparql:http://127.0.0.1:9/sparql")
    assert result.returncode == 2
    assert "127.0.0.1:9/sparql" in result.stderr and "Traceback" not in result.stderr


def _run_on_a_terminal(*args):
    """Run the console script with standard error on a pseudo-terminal (as a person at a shell
    has it) and standard output on a pipe; return (exit code, stdout, what the terminal got)."""
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [*EXE.split(), *map(str, args)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=slave,
        env={**os.environ, "TERM": "xterm", "COLUMNS": "100"},
    )
    os.close(slave)
    terminal = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other side closed: the process is done with the terminal
            break
        if not chunk:
            break
        terminal += chunk
    out = proc.stdout.read().decode()
    os.close(master)
    return proc.wait(timeout=120), out, terminal.decode(errors="replace")


def test_long_steps_draw_progress_bars_on_a_terminal_and_nothing_in_a_pipe(tmp_path):
    code, out, terminal = _run_on_a_terminal(
        "check", "data", "--format", "json", "--store", f"oxigraph:{tmp_path / 's'}"
    )
    assert code == 0
    assert "loading: parsing files" in terminal and "checking: constraints" in terminal
    findings = json.loads(out)  # the bars never reach standard output: it stays a JSON document
    assert findings and all(f["reviewed"] for f in findings)
    piped = run("check", "data", "--format", "json", "--store", f"oxigraph:{tmp_path / 's2'}")
    assert piped.returncode == 0 and "checking" not in piped.stderr and "loading" not in piped.stderr
    assert json.loads(piped.stdout) == findings


@pytest.mark.server
def test_serve_shows_its_start_up_steps_on_a_terminal():
    import pty
    import select
    import signal
    import socket
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [*EXE.split(), "serve", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=slave,
        env={**os.environ, "TERM": "xterm", "COLUMNS": "100"},
        start_new_session=True,
    )
    os.close(slave)
    terminal, deadline = b"", time.monotonic() + 90
    try:
        # the index and the check are made after the server has begun to answer (web/startup.py)
        wanted = (b"Application startup complete", b"checking: constraints", b"starting: the research API's index")
        while not all(w in terminal for w in wanted):
            assert time.monotonic() < deadline and proc.poll() is None, terminal.decode(errors="replace")[-2000:]
            if select.select([master], [], [], 0.5)[0]:
                terminal += os.read(master, 65536)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
        os.close(master)
    text = terminal.decode(errors="replace")
    assert "loading: parsing files" in text and "checking: constraints" in text
    assert "starting: the research API's index" in text


def test_a_check_in_memory_ends_its_process_at_once_with_its_whole_report_and_exit_code(tmp_path):
    """The console script ends a `check` of a store in memory without freeing the store (see
    cli.main): the report is the one the command writes in process, to the last byte, and the
    exit code is kept, on standard output and with --output."""
    from typer.testing import CliRunner

    from forcedmig_kb import cli

    args = ["check", "--strict", "--format", "json", str(FIXTURES / "valid")]
    in_process = CliRunner().invoke(cli.app, args, env={"FMKB_CHECK_CACHE": "0"})
    assert not cli._left_to_the_os  # under a test's runner the store is freed as usual
    env = {**os.environ, "FMKB_CHECK_CACHE": "0"}
    done = subprocess.run([*EXE.split(), *args], capture_output=True, text=True, cwd=ROOT, timeout=120, env=env)
    assert (done.returncode, done.stdout) == (in_process.exit_code, in_process.stdout)
    failing = [*args[:-1], str(FIXTURES / "base"), str(FIXTURES / "invalid" / "QuantityClaim-unit-missing.ttl")]
    out = ROOT / "tests" / ".fmkb-cli-output.json"
    try:
        done = subprocess.run(
            [*EXE.split(), *failing, "--output", str(out)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
            env=env,
        )
        assert done.returncode == 1
        assert any(f["rule"] == "unit" for f in json.loads(out.read_text(encoding="utf-8")))
    finally:
        out.unlink(missing_ok=True)
