"""serving: the limits on connections that uvicorn lacks, through a real server and raw sockets.

Oversized request heads get 431, slow heads (slowloris) and slow bodies 408, and while a
hostile client holds its connection the others are answered as usual. The test server's
limits are in ``tests.helpers.serving.SERVER_ENV`` (head timeout 2 s, body timeout 3 s, body 100,000 bytes).
"""

from __future__ import annotations

import json
import re
import select
import socket
import threading
import time
from urllib.parse import urlsplit

import httpx
import pytest

from forcedmig_kb.settings import Settings
from forcedmig_kb.web.serving import HeadLimitedProtocol, uvicorn_options

#: Generous: a normal request usually takes a few milliseconds; the machine is shared.
USUAL = 1.5


def connect(live) -> socket.socket:
    parts = urlsplit(live.url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=15)
    return sock


def read_status(sock: socket.socket) -> tuple[int, bytes]:
    """The status and the whole response: its head, then as many body bytes as it announces
    (or until the server closes), so a test never looks at half a response."""
    data = b""
    while True:
        head, sep, body = data.partition(b"\r\n\r\n")
        if sep:
            length = re.search(rb"(?im)^content-length:\s*(\d+)", head)
            if length is None or len(body) >= int(length.group(1)):
                break
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    line = data.split(b"\r\n", 1)[0]
    return int(line.split()[1]) if line.startswith(b"HTTP/") else 0, data


def answered_meanwhile(live) -> float:
    """Seconds a normal client takes for an API route and a SPARQL query."""
    started = time.monotonic()
    assert httpx.get(live.url + "/stats", timeout=10).status_code == 200
    r = httpx.get(
        live.sparql,
        params={"query": "ASK { ?s ?p ?o }"},
        headers={"Accept": "application/sparql-results+json"},
        timeout=10,
    )
    assert r.status_code == 200 and r.json()["boolean"] is True
    return time.monotonic() - started


def test_uvicorn_options_carry_every_limit():
    options = uvicorn_options(
        Settings(max_header_bytes=4096, header_timeout=3, max_connections=20, keep_alive_timeout=2, backlog=64)
    )
    assert issubclass(options["http"], HeadLimitedProtocol)
    assert (options["http"].max_header_bytes, options["http"].header_timeout) == (4096, 3)
    assert (options["limit_concurrency"], options["timeout_keep_alive"], options["backlog"]) == (20, 2, 64)


@pytest.mark.parametrize(
    "head, status",
    [
        (b"GET /stats HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 2_000_000 + b"\r\n\r\n", 431),  # one huge field
        (
            b"GET /stats HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: a\r\n" % i for i in range(20_000)) + b"\r\n",
            431,
        ),  # many fields
        (b"GET /stats?" + b"q=" * 40_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),  # a huge request line
    ],
)
def test_an_oversized_request_head_gets_431_or_414_and_the_connection_is_closed(live, head, status):
    with connect(live) as sock:
        try:
            sock.sendall(head)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may close before it has read it all; the status was sent first
        got, data = read_status(sock)
    assert got == status, data[:200]
    assert b"application/problem+json" in data
    assert answered_meanwhile(live) < USUAL


LIMIT = Settings().max_header_bytes  # the documented limit, which the test server keeps


def head_of(size: int, *, in_line: bool) -> bytes:
    """A GET head of exactly ``size`` bytes, padded in the request target or in a header field."""
    fixed = b"GET /stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    if in_line:
        return fixed.replace(b"/stats", b"/stats?q=" + b"a" * (size - len(fixed) - 3))
    return fixed[:-2] + b"X-Pad: " + b"a" * (size - len(fixed) - 9) + b"\r\n\r\n"


@pytest.mark.parametrize("reads", [1, 7], ids=["one read", "seven reads"])
@pytest.mark.parametrize(
    "size, in_line, status",
    [
        (LIMIT, False, 200),
        (LIMIT, True, 200),
        (LIMIT + 1, False, 431),
        (LIMIT + 1, True, 431),  # the line alone is within the limit; line and fields are not
        (50_000, False, 431),
        (50_000, True, 414),
        (70_000, False, 431),
        (70_000, True, 414),
    ],
)
def test_the_head_limit_holds_to_the_byte(live, size, in_line, status, reads):
    head = head_of(size, in_line=in_line)
    assert len(head) == size
    with connect(live) as sock:
        step = len(head) // reads + 1
        try:
            for start in range(0, len(head), step):
                sock.sendall(head[start : start + step])
                time.sleep(0.01)
        except (BrokenPipeError, ConnectionResetError):
            pass
        got, data = read_status(sock)
    assert got == status, data[:200]


def test_a_malformed_request_gets_400_as_problem_details(live):
    with connect(live) as sock:
        sock.sendall(b"GET /stats HTTP/1.1\r\nHost x\r\n\r\n")
        status, data = read_status(sock)
    assert status == 400 and b"application/problem+json" in data


def test_a_head_of_normal_size_with_a_body_in_the_same_read_is_not_mistaken_for_a_large_head(live):
    query = b"ASK { ?s ?p ?o }" + b" " * 60_000  # head and body reach the server in one write
    head = (
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Accept: application/sparql-results+json\r\nConnection: close\r\nContent-Length: %d\r\n\r\n" % len(query)
    )
    with connect(live) as sock:
        sock.sendall(head + query)
        status, data = read_status(sock)
    assert status == 200, data[:300]


def test_slowloris_a_dribbled_head_is_cut_off_and_others_are_answered_meanwhile(live):
    """Several connections dribble header fields a byte at a time; each is closed with 408 after
    the head timeout (2 s), and a normal client is answered as usual all the while."""
    results: list[tuple[int, float]] = []

    def dribble():
        with connect(live) as sock:
            started = time.monotonic()
            try:
                sock.sendall(b"GET /stats HTTP/1.1\r\nHost: x\r\n")
                for _ in range(40):
                    sock.sendall(b"X")
                    time.sleep(0.25)
            except (BrokenPipeError, ConnectionResetError):
                pass
            status, _ = read_status(sock)
            results.append((status, time.monotonic() - started))

    attackers = [threading.Thread(target=dribble) for _ in range(20)]
    for t in attackers:
        t.start()
    time.sleep(0.5)
    latencies = [answered_meanwhile(live) for _ in range(5)]
    for t in attackers:
        t.join(30)
    assert max(latencies) < USUAL, latencies
    assert len(results) == 20
    assert all(status == 408 for status, _ in results), results
    assert all(seconds < 2 + 6 for _, seconds in results), results


def test_a_connection_that_sends_nothing_is_closed_after_the_head_timeout(live):
    with connect(live) as sock:
        started = time.monotonic()
        status, _ = read_status(sock)
    assert status == 408 and time.monotonic() - started < 2 + 6


def test_a_slow_body_gets_408_and_others_are_answered_meanwhile(live):
    result = {}

    def slow_body():
        with connect(live) as sock:
            started = time.monotonic()
            sock.sendall(
                b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                b"Content-Length: 1000\r\n\r\nASK"
            )
            try:
                for _ in range(40):  # a byte every 0.25 s until the server answers
                    if select.select([sock], [], [], 0.25)[0]:
                        break
                    sock.sendall(b" ")
            except (BrokenPipeError, ConnectionResetError):
                pass
            result["status"], result["data"] = read_status(sock)
            result["seconds"] = time.monotonic() - started

    attacker = threading.Thread(target=slow_body)
    attacker.start()
    time.sleep(0.5)
    meanwhile = answered_meanwhile(live)
    attacker.join(30)
    assert meanwhile < USUAL
    assert result["status"] == 408 and b"within 3 s" in result["data"], result
    assert result["seconds"] < 3 + 6


def test_idle_connections_do_not_keep_others_waiting(live):
    idle = [connect(live) for _ in range(100)]
    try:
        assert answered_meanwhile(live) < USUAL
    finally:
        for sock in idle:
            sock.close()


@pytest.mark.server
def test_past_the_concurrency_limit_a_request_gets_503_as_problem_details_with_retry_after():
    """uvicorn answers past ``limit_concurrency`` in plain text; the service's protocol answers
    as every other error: problem details, and when to try again."""
    from .helpers import DATA
    from .helpers.serving import start_server, stop_server

    server = start_server(DATA, {"FMKB_MAX_CONNECTIONS": "3"})
    held: list[socket.socket] = []
    try:
        held = [connect(server) for _ in range(2)]
        with connect(server) as sock:  # the third at once: at the limit
            sock.sendall(b"GET /stats HTTP/1.1\r\nHost: x\r\nAccept: application/json\r\n\r\n")
            status, data = read_status(sock)
        head, _, body = data.partition(b"\r\n\r\n")
        assert status == 503, data[:300]
        assert re.search(rb"(?im)^content-type: application/problem\+json", head)
        assert re.search(rb"(?im)^retry-after: 1\r?$", head) and re.search(rb"(?im)^connection: close", head)
        problem = json.loads(body)
        assert (
            problem["status"] == 503 and problem["title"] == "Service Unavailable" and "try again" in problem["detail"]
        )
        for sock in held:
            sock.close()
        held = []
        time.sleep(0.2)  # the server sees them closed
        assert httpx.get(server.url + "/stats", timeout=10).status_code == 200
    finally:
        for sock in held:
            sock.close()
        stop_server(server)


def test_every_limit_is_in_the_readme_with_its_default():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Limits", 1)[1].split("\n## ", 1)[0]
    rows = {
        cells[1].strip("` "): cells[2].strip()
        for cells in (line.split("|") for line in table.splitlines() if line.startswith("| `FMKB_"))
    }
    limits = (
        "query_timeout",
        "max_rows",
        "query_memory",
        "query_workers",
        "max_body_bytes",
        "body_timeout",
        "max_header_bytes",
        "header_timeout",
        "max_connections",
        "keep_alive_timeout",
        "backlog",
        "access_log",
    )
    for name in limits:
        default = Settings.model_fields[name].default
        shown = rows[f"FMKB_{name.upper()}"].strip("`").split("`")[0]
        expected = (
            str(default).lower()
            if isinstance(default, bool)
            else f"{default:g}"
            if isinstance(default, float)
            else str(default)
        )
        assert shown == expected, name
