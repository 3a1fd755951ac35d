"""loading: the corpus into the store, parsed first, data files never written."""

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from forcedmig_kb import OxigraphStore, load_knowledge_base
from forcedmig_kb.errors import BibtexError, MissingInputError, RdfSyntaxError, StoreError
from forcedmig_kb.namespaces import CITATIONS_GRAPH, CLAIM, ONTOLOGY_GRAPH, REFERENCES_GRAPH

from .helpers import ROOT


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_chapter_loads_with_its_counts(chapter_kb):
    assert chapter_kb.counts["claims"] == 56
    assert chapter_kb.counts["citations"] == 56
    assert chapter_kb.counts["references"] == 50
    graphs = chapter_kb.store.named_graphs()
    assert {ONTOLOGY_GRAPH, REFERENCES_GRAPH, CITATIONS_GRAPH} <= set(graphs)


def test_locations_point_at_the_line_where_a_claim_is_written(chapter_kb):
    where = chapter_kb.location(CLAIM["dw2019-refugees"])
    assert where is not None and where.path.name == "claims.ttl"
    line = where.path.read_text(encoding="utf-8").splitlines()[where.line - 1]
    assert line.startswith("claim:dw2019-refugees ")


def test_loading_never_writes_the_data_files():
    before = digest(ROOT / "data")
    load_knowledge_base([ROOT / "data"])
    assert digest(ROOT / "data") == before


def test_malformed_turtle_names_file_line_and_leaves_the_store_untouched(tmp_path):
    store = OxigraphStore()
    load_knowledge_base([ROOT / "data"], store=store)
    size = len(store)
    bad = tmp_path / "claims.ttl"
    bad.write_text('@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:d ex:e "unterminated .\n', encoding="utf-8")
    with pytest.raises(RdfSyntaxError) as err:
        load_knowledge_base([bad], store=store)
    assert err.value.path == bad and err.value.line == 3
    assert str(err.value).startswith(f"{bad}:3:")
    assert len(store) == size


def test_malformed_bibtex_in_a_corpus_names_file_and_line(tmp_path):
    (tmp_path / "refs.bib").write_text(
        "@book{a, author={A}, year={2000}, title={T}}\n@book{a, author={B}, year={2001}, title={U}}\n"
    )
    with pytest.raises(BibtexError) as err:
        load_knowledge_base([tmp_path])
    assert err.value.line == 2


def test_duplicate_keys_across_bib_files_are_refused(tmp_path):
    (tmp_path / "a.bib").write_text("@book{same, author={A}, year={2000}, title={T}}\n")
    (tmp_path / "b.bib").write_text("@book{same, author={B}, year={2001}, title={U}}\n")
    with pytest.raises(BibtexError, match="also used at"):
        load_knowledge_base([tmp_path])


def test_not_utf8_is_an_input_error(tmp_path):
    bad = tmp_path / "x.ttl"
    bad.write_bytes(b"# \xff\xfe\n")
    with pytest.raises(RdfSyntaxError, match="not UTF-8"):
        load_knowledge_base([bad])


def test_missing_and_empty_inputs(tmp_path):
    with pytest.raises(MissingInputError):
        load_knowledge_base([tmp_path / "nope"])
    with pytest.raises(MissingInputError):
        load_knowledge_base([tmp_path])


def test_citations_are_parsed_and_matched_at_load_time(chapter_kb):
    rows = chapter_kb.store.select("""
        PREFIX fm: <https://w3id.org/forcedmig/ontology/>
        SELECT ?printed ?status WHERE { ?c fm:hasPart ?p . ?p fm:asPrinted ?printed ; fm:matchStatus ?status }""").records()
    status = {r["printed"]: r["status"].rsplit("/", 1)[-1] for r in rows}
    assert status["McKinsey, 2013"] == "misdated"
    assert status["IOM, 2017"] == "ambiguous"
    assert status["UN, 2017"] == "exactMatch"
    assert len(rows) == 59  # 56 printed citations naming 59 works


def test_a_reference_list_written_in_turtle_is_matched_like_bibtex(tmp_path):
    """Drafts carry their bibliography as RDF; the check must resolve citations against it."""
    from forcedmig_kb.bibtex import read_bibtex
    from forcedmig_kb.reference_rdf import references_graph

    refs = references_graph(read_bibtex(ROOT / "data" / "references.bib"))
    (tmp_path / "refs.ttl").write_text(refs.serialize(format="turtle"), encoding="utf-8")
    (tmp_path / "claims.ttl").write_bytes((ROOT / "data" / "claims.ttl").read_bytes())
    as_turtle = load_knowledge_base([tmp_path])
    as_bibtex = load_knowledge_base([ROOT / "data"])
    assert as_turtle.counts["references"] == as_bibtex.counts["references"] == 50
    query = """PREFIX fm: <https://w3id.org/forcedmig/ontology/> PREFIX cito: <http://purl.org/spar/cito/>
        SELECT ?part ?status ?cited WHERE { ?part fm:matchStatus ?status . OPTIONAL { ?part cito:hasCitedEntity ?cited } }"""
    assert sorted(map(str, as_turtle.store.select(query).records())) == sorted(
        map(str, as_bibtex.store.select(query).records())
    )
    assert REFERENCES_GRAPH in as_turtle.store.named_graphs()


# ---------------------------------------------------------------- an on-disk store, reopened


def test_the_manifest_names_each_input_as_path_resolve_does(tmp_path, monkeypatch):
    """Inputs are named by their real path (folders resolved once each, for speed): through a
    symlinked folder, as a symlinked file, relative to the working directory."""
    from forcedmig_kb.loading.manifest import _resolved

    real = tmp_path / "real"
    real.mkdir()
    (real / "a.ttl").write_text("", encoding="utf-8")
    (real / "b.ttl").write_text("", encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "c.ttl").write_text("", encoding="utf-8")
    (real / "link.ttl").symlink_to(tmp_path / "elsewhere" / "c.ttl")
    (tmp_path / "alias").symlink_to(real)
    monkeypatch.chdir(tmp_path / "alias")
    paths = [
        Path("a.ttl"),
        tmp_path / "alias" / "b.ttl",
        tmp_path / "alias" / "link.ttl",
        real / "a.ttl",
        Path("../real/b.ttl"),
        Path("missing.ttl"),
    ]
    assert _resolved(paths) == [str(p.resolve()) for p in paths]
    assert _resolved(paths)[2] == str(tmp_path.resolve() / "elsewhere" / "c.ttl")


def test_an_on_disk_store_is_reopened_without_parsing_while_it_holds_the_corpus(tmp_path, monkeypatch, chapter_kb):
    from forcedmig_kb.checks import run_check
    from forcedmig_kb.loading import build, update

    first = load_knowledge_base([ROOT / "data"], store=OxigraphStore(tmp_path / "db"))
    assert not first.reused and first.counts == chapter_kb.counts
    del first

    def no_parsing(*args, **kwargs):
        raise AssertionError("the corpus was parsed again")

    with monkeypatch.context() as m:
        for module, name in (
            (build, "load_rdf_file"),
            (build, "bulk_load_files"),
            (build, "read_reference_lists"),
            (build, "vocabulary_files"),
            (build, "references_ntriples"),
            (update, "load_rdf_file"),
            (update, "read_reference_lists"),
        ):
            m.setattr(module, name, no_parsing)
        again = load_knowledge_base([ROOT / "data"], store=OxigraphStore(tmp_path / "db"))
    assert again.reused
    assert again.counts == chapter_kb.counts
    assert again.store.named_graphs() == chapter_kb.store.named_graphs()
    assert len(again.store) == len(chapter_kb.store)
    # what a reopened knowledge base reads lazily is what a fresh load had
    assert [r.key for r in again.references] == [r.key for r in chapter_kb.references]
    assert again.matches.keys() == chapter_kb.matches.keys()
    assert again.location(CLAIM["dw2019-refugees"]) == chapter_kb.location(CLAIM["dw2019-refugees"])
    key = lambda r: sorted((f.rule, f.severity, f.focus, f.value, f.file, f.line) for f in r)  # noqa: E731
    assert key(run_check(again)) == key(run_check(chapter_kb))


def test_an_on_disk_store_is_rebuilt_when_an_input_changes(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    load_knowledge_base([data], store=OxigraphStore(tmp_path / "db"))
    claims = data / "claims.ttl"
    claims.write_text(
        claims.read_text(encoding="utf-8").replace('rdfs:label "Global GDP, 2007"', 'rdfs:label "World GDP, 2007"'),
        encoding="utf-8",
    )
    kb = load_knowledge_base([data], store=OxigraphStore(tmp_path / "db"))
    assert not kb.reused
    assert kb.store.ask('ASK { ?c <http://www.w3.org/2000/01/rdf-schema#label> "World GDP, 2007" }')
    del kb  # one open handle per directory and process
    assert load_knowledge_base([data], store=OxigraphStore(tmp_path / "db")).reused


def test_a_touched_but_unchanged_file_is_read_once_and_its_new_time_recorded(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    load_knowledge_base([data], store=OxigraphStore(tmp_path / "db"))
    claims = data / "claims.ttl"
    before = claims.stat()
    os.utime(claims, ns=(before.st_atime_ns, before.st_mtime_ns + 10**9))
    kb = load_knowledge_base([data], store=OxigraphStore(tmp_path / "db"))
    assert kb.reused
    assert kb.store.manifest()["stat"][str(claims.resolve())] == [before.st_size, before.st_mtime_ns + 10**9]
    del kb
    read: list[Path] = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.resolve()) or read_bytes(self))
    assert load_knowledge_base([data], store=OxigraphStore(tmp_path / "db")).reused
    assert read and claims.resolve() not in read  # the loader's code was hashed, the data file was not


@pytest.mark.slow
def test_an_on_disk_store_is_rebuilt_for_another_version(tmp_path, monkeypatch):
    import forcedmig_kb

    load_knowledge_base([ROOT / "data"], store=OxigraphStore(tmp_path / "db"))
    monkeypatch.setattr(forcedmig_kb, "__version__", "999.0")
    assert not load_knowledge_base([ROOT / "data"], store=OxigraphStore(tmp_path / "db")).reused


def test_a_read_only_on_disk_store_must_hold_the_corpus(tmp_path):
    load_knowledge_base([ROOT / "data"], store=OxigraphStore(tmp_path / "db"))
    assert load_knowledge_base([ROOT / "data"], store=OxigraphStore(tmp_path / "db", read_only=True)).reused
    other = tmp_path / "other"
    other.mkdir()
    (other / "refs.bib").write_text("@book{a, author={A}, year={2000}, title={T}}\n")
    with pytest.raises(StoreError, match="does not hold this corpus"):
        load_knowledge_base([other], store=OxigraphStore(tmp_path / "db", read_only=True))


def test_a_malformed_file_leaves_the_on_disk_store_as_it_was(tmp_path):
    load_knowledge_base([ROOT / "data"], store=OxigraphStore(tmp_path / "db"))
    bad = tmp_path / "claims.ttl"
    bad.write_text('@prefix ex: <http://ex/> .\nex:a ex:b "unterminated .\n', encoding="utf-8")
    with pytest.raises(RdfSyntaxError):
        load_knowledge_base([bad], store=OxigraphStore(tmp_path / "db"))
    assert load_knowledge_base([ROOT / "data"], store=OxigraphStore(tmp_path / "db")).reused


def test_a_malformed_file_in_a_bulk_load_is_named_with_its_line(tmp_path):
    """A fresh on-disk store loads every file in one call of the bulk loader; an error in the
    second file still names that file and line, and nothing is left of the half-built store."""
    good, bad = tmp_path / "a.ttl", tmp_path / "b.ttl"
    good.write_text("@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\n", encoding="utf-8")
    bad.write_text('@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\n\nex:d ex:e "unterminated .\n', encoding="utf-8")
    store = OxigraphStore(tmp_path / "db")
    with pytest.raises(RdfSyntaxError) as err:
        load_knowledge_base([good, bad], store=store)
    assert err.value.path == bad and err.value.line == 4
    assert len(store) == 0 and store.manifest() is None  # (the empty store opened before the build)
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith("db.tmp")]  # no half-built store beside it


@pytest.mark.slow
def test_a_bulk_loaded_store_holds_what_a_memory_load_holds(tmp_path):
    """The bulk load (one call for all files, each parsed as its own document) gives the same
    graphs as loading file by file in memory, blank nodes included (each file keeps its own)."""
    from rdflib import Graph
    from rdflib.compare import isomorphic

    from .helpers.synth import write_corpus

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_corpus(corpus / "c.ttl", claims=300, seed=2, rate=0.05, documents_per_file=1)
    (corpus / "c.defects.json").unlink()
    shutil.copy(ROOT / "data" / "claims.ttl", corpus / "chapter.ttl")  # blank nodes written as [ ... ]
    twin = corpus / "twin.ttl"  # the same labelled blank node in two files: two nodes
    twin.write_text('@prefix ex: <http://ex/> .\n_:b1 ex:p "1" .\n', encoding="utf-8")
    shutil.copy(twin, corpus / "twin2.ttl")
    disk = load_knowledge_base([corpus], store=OxigraphStore(tmp_path / "db"))
    memory = load_knowledge_base([corpus])
    assert disk.counts == memory.counts
    assert disk.store.select("SELECT (COUNT(DISTINCT ?b) AS ?n) WHERE { ?b <http://ex/p> ?o }").records()[0]["n"] == 2
    for path in sorted(corpus.glob("*.ttl")):
        graphs = []
        for store in (disk.store, memory.store):
            (name,) = [g for g in store.named_graphs() if g.endswith("/" + path.name)]
            graphs.append(Graph().parse(data=store.dump(format="application/n-triples", graph=name), format="nt"))
        assert len(graphs[0]) > 0 and isomorphic(*graphs), path.name


def test_a_bulk_load_leaves_rocksdb_a_few_large_files(tmp_path):
    """One call of the bulk loader for all the files: RocksDB gets a few large files, where one
    call per file wrote two or more each (11,740 at a million claims), all opened on each start."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(60):
        (corpus / f"t{i:02d}.ttl").write_text(
            f'@prefix ex: <http://ex/> .\nex:s{i} ex:p "{i}" ; ex:q [ ex:r {i} ] .\n', encoding="utf-8"
        )
    kb = load_knowledge_base([corpus], store=OxigraphStore(tmp_path / "db"))
    assert len(kb.store.named_graphs()) >= 60
    del kb
    assert len(list((tmp_path / "db").glob("*.sst"))) < 60


# ---------------------------------------------------------------- an on-disk store, updated in place


def test_an_edited_data_file_is_updated_in_place_as_a_full_load_would_build_it(tmp_path):
    from forcedmig_kb.checks import run_check

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    load_knowledge_base([data], store=OxigraphStore(tmp_path / "db"))
    claims = data / "claims.ttl"
    text = claims.read_text(encoding="utf-8")
    text = text.replace('fm:printedValue "22.5"', 'fm:printedValue "23.5"', 1)  # a value
    text = text.replace('fm:asPrinted "Swing, 2015"', 'fm:asPrinted "Swing, 2019"', 1)  # a citation
    claims.write_text(text, encoding="utf-8")

    updated = load_knowledge_base([data], store=OxigraphStore(tmp_path / "db"))
    assert updated.updated == [claims.resolve()] and not updated.reused
    fresh = load_knowledge_base([data])
    assert updated.counts == fresh.counts
    key = lambda r: sorted((f.rule, f.severity, f.focus, f.value) for f in r)  # noqa: E731
    assert key(run_check(updated, strict=True)) == key(run_check(fresh, strict=True))
    assert any(f.rule == "misdated-citation" and f.value == "Swing, 2019" for f in run_check(updated, strict=True))
    del updated
    assert load_knowledge_base([data], store=OxigraphStore(tmp_path / "db")).reused  # and it is recorded


def test_a_malformed_edit_leaves_the_on_disk_store_and_its_manifest_as_they_were(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    before = load_knowledge_base([data], store=OxigraphStore(tmp_path / "db")).counts
    claims = data / "claims.ttl"
    claims.write_text(claims.read_text(encoding="utf-8") + "\nclaim:broken a .\n", encoding="utf-8")
    with pytest.raises(RdfSyntaxError):
        load_knowledge_base([data], store=OxigraphStore(tmp_path / "db"))
    store = OxigraphStore(tmp_path / "db")
    assert store.manifest()["counts"] == before and len(store) == before["triples"]


def test_citation_parts_written_in_chunks_are_those_written_at_once():
    from forcedmig_kb.loading.matching import match_citations

    kb = load_knowledge_base()
    chunks: list[str] = []
    kept, rest = match_citations(kb.store, kb.references, write=chunks.append, keep=False, chunk=5)
    matches, whole = match_citations(kb.store, kb.references)
    assert kept == {} and rest == "" and len(chunks) > 5
    assert sorted("".join(chunks).splitlines()) == sorted(whole.splitlines()) and len(matches) == 56
    assert kb.matches.keys() == matches.keys()  # found again when asked for
