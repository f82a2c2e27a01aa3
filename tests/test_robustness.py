"""Bad input, interruption, determinism and incremental builds."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from papergraph import PaperGraph, sources
from papergraph.model import title_key

ROOT = Path(__file__).resolve().parent.parent
PAPERGRAPH = [sys.executable, "-m", "papergraph.cli"]


def sorted_ntriples(path) -> list[str]:
    store = ox.Store.read_only(str(Path(path) / "store"))
    return sorted(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode().splitlines())


# --- bad inputs: each named, everything well-formed still loads --------------------------------------
GOOD = '{"title": "A Good Paper", "abstract": "We propose GoodNet."}\n'
BAD_INPUTS = {
    "empty.txt": (b"", "empty file"),
    "binary.bin": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    "huge-line.jsonl": (GOOD.encode() + b'{"title": "' + b"x" * 5_000_000 + b'"}\n', "characters long"),
    "long-title.jsonl": (GOOD.encode() + json.dumps({"title": "t" * 10_001}).encode() + b"\n", "characters long"),
    "truncated.jsonl": (GOOD.encode() + b'{"title": "Cut', "not valid JSON"),
    "truncated.csv": (b'title,abstract\n"A Good Paper",fine\n"Cut short,\n', "bad CSV"),
    "truncated.bib": (b"@article{a, title={A Good Paper}}\n@article{b, title={Cut", "not closed"),
    "truncated.xml": (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry><title>A Good Paper</title>'
        b"<summary>x</summary></entry><entry><title>Cut",
        "ends before",
    ),
    "control.jsonl": (b'{"title": "A Good\\u0000 Paper\\ud800", "abstract": "x\\u0007y"}\n', None),
    "titles-only.txt": (b"A Good Paper\n\nAnother Title\n", "no abstract"),
    "utf16.txt": (b"\xff\xfe" + ("A Good Paper\n\n" + "We study things at length. " * 20).encode("utf-16-le"), None),
    "crlf.txt": (("A Good Paper\r\n\r\n" + "We study things at length. " * 20 + "\r\n").encode(), None),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_robustness_bad_input_is_named_and_good_records_load(tmp_path, name):
    data, message = BAD_INPUTS[name]
    bad = tmp_path / name
    bad.write_bytes(data)
    corpus = sources.load([bad])
    if message:
        assert any(message in str(p) and str(bad) in str(p) for p in corpus.problems), corpus.problems
    if name not in ("empty.txt", "binary.bin"):
        assert "A Good Paper" in [p.title for p in corpus.papers]
    for p in corpus.papers:
        assert all(c >= " " for c in p.title + p.abstract)
        p.title.encode("utf-8")  # no lone surrogates


def test_robustness_strict_fails_on_any_problem(tmp_path):
    bad = tmp_path / "t.jsonl"
    bad.write_bytes(BAD_INPUTS["truncated.jsonl"][0])
    run = subprocess.run(
        [*PAPERGRAPH, "build", str(bad), "--graph", str(tmp_path / "g"), "--strict"], capture_output=True, text=True
    )
    assert run.returncode == 2 and "t.jsonl:2" in run.stderr


# --- property tests: no crash, no well-formed record lost ------------------------------------------
text = (
    st.text(
        st.characters(min_codepoint=32, max_codepoint=0x2FFF, blacklist_categories=("Cs",)), min_size=1, max_size=60
    )
    .map(lambda s: " ".join(s.split()))
    .filter(lambda s: len(s) > 2)
)
titles = st.lists(
    text.filter(lambda s: any(c.isalnum() for c in s)),
    min_size=1,
    max_size=8,
    unique_by=lambda s: "".join(c for c in s.casefold() if c.isalnum()),
)
junk = st.text(max_size=80)


_LATEX = {
    "\\": "\\textbackslash{}",
    "{": "\\{",
    "}": "\\}",
    "$": "\\$",
    "%": "\\%",
    "&": "\\&",
    "#": "\\#",
    "_": "\\_",
    "~": "\\textasciitilde{}",
    "^": "\\textasciicircum{}",
}


def _latex(text: str) -> str:
    return "".join(_LATEX.get(c, c) for c in text)


def _render(fmt: str, ts: list[str]) -> str:
    if fmt == "jsonl":
        return "".join(json.dumps({"title": t, "abstract": "An abstract."}) + "\n" for t in ts)
    if fmt == "csv":
        import csv
        import io

        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(["title", "abstract"])
        for t in ts:
            w.writerow([t, "An abstract."])
        return buf.getvalue()
    if fmt == "bibtex":  # LaTeX's special characters escaped, as Zotero writes them
        return "".join(f"@article{{k{i}, title = {{{_latex(t)}}}}}\n" for i, t in enumerate(ts))
    if fmt == "arxiv":
        from xml.sax.saxutils import escape

        entries = "".join(
            f"<entry><id>http://arxiv.org/abs/2101.{i:05d}</id><title>{escape(t)}</title>"
            f"<summary>An abstract.</summary></entry>"
            for i, t in enumerate(ts)
        )
        return f'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom">{entries}</feed>'
    return "".join(f"{t[:250]}\n\n{'An abstract that is long enough to read as one. ' * 8}\n\n" for t in ts)


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "bibtex", "arxiv", "hf"])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ts=titles)
def test_robustness_readers_lose_no_wellformed_record(fmt, ts):
    corpus = sources.load_texts({f"in.{fmt}": _render(fmt, ts)}, fmt)
    read = {title_key(p.title) for p in corpus.papers}
    want = {title_key(sources.clean_text(t if fmt != "hf" else t[:250])) for t in ts}
    want.discard("")
    assert want <= read


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "bibtex", "arxiv", "hf"])
@settings(max_examples=40, deadline=None)
@given(data=junk)
def test_robustness_readers_never_crash_on_junk(fmt, data):
    corpus = sources.load_texts({f"junk.{fmt}": data}, fmt)
    assert all(p.title for p in corpus.papers)


# --- interruption ---------------------------------------------------------------------------------
def test_robustness_killed_build_leaves_previous_graph_intact(tmp_path, data_dir):
    graph = tmp_path / "g"
    PaperGraph.build([data_dir / "tiny.jsonl"], graph)
    before = sorted_ntriples(graph)
    big = tmp_path / "big.jsonl"
    base = sources.load([ROOT / "examples"]).papers
    with open(big, "w") as f:
        for i in range(6000):
            p = base[i % len(base)]
            f.write(json.dumps({"title": f"{p.title} ({i})", "abstract": p.abstract}) + "\n")
    proc = subprocess.Popen(
        [*PAPERGRAPH, "build", str(big), "--graph", str(graph)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.time() + 60
    while time.time() < deadline and not list(tmp_path.glob(".g.building-*")):
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert sorted_ntriples(graph) == before
    assert PaperGraph.open(graph).stats()["papers"] == 3
    PaperGraph.build([data_dir / "tiny.jsonl"], graph)  # the next build removes the abandoned folder
    assert not list(tmp_path.glob(".g.building-*"))


# --- determinism ------------------------------------------------------------------------------------
def test_robustness_same_inputs_give_identical_ntriples(tmp_path):
    outs = []
    for seed, jobs in (("1", "1"), ("2", "2")):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        g = tmp_path / f"g{seed}"
        subprocess.run(
            [*PAPERGRAPH, "build", str(ROOT / "examples"), "--graph", str(g), "--jobs", jobs],
            check=True,
            env=env,
            capture_output=True,
        )
        outs.append(sorted_ntriples(g))
    assert outs[0] == outs[1]


# --- incremental ------------------------------------------------------------------------------------
def test_robustness_update_equals_full_rebuild_without_re_extracting(tmp_path):
    pages = sorted((ROOT / "examples").glob("*.txt"))
    full, inc = tmp_path / "full", tmp_path / "inc"
    PaperGraph.build(pages, full)
    PaperGraph.build(pages[:3], inc)
    updated = PaperGraph.build(pages[3:], inc, update=True)
    assert sorted_ntriples(inc) == sorted_ntriples(full)
    assert updated.report.reused > 100  # papers of the first pages, and repeats on the new ones
    again = PaperGraph.build(pages[:1], inc, update=True)
    assert again.report.reused == 311 and sorted_ntriples(inc) == sorted_ntriples(full)


# --- issue 17: builds that lose nothing, bad records that stay local ------------------------------------
def _jsonl(path: Path, titles) -> Path:
    path.write_text(
        "".join(json.dumps({"title": t, "abstract": f"We propose {t.split()[0]}Net."}) + "\n" for t in titles)
    )
    return path


def test_robustness_concurrent_updates_of_one_graph_lose_no_paper(tmp_path, data_dir):
    graph = tmp_path / "g"
    PaperGraph.build([data_dir / "tiny.jsonl"], graph)
    a = _jsonl(tmp_path / "a.jsonl", [f"Alpha Study {i}" for i in range(40)])
    b = _jsonl(tmp_path / "b.jsonl", [f"Beta Study {i}" for i in range(30)])
    procs = [
        subprocess.Popen(
            [*PAPERGRAPH, "build", str(f), "--graph", str(graph), "--update", "--wait", "120"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for f in (a, b)
    ]
    for p in procs:
        _, err = p.communicate(timeout=180)
        assert p.returncode == 0, err.decode()
    assert PaperGraph.open(graph).stats()["papers"] == 3 + 40 + 30


def test_robustness_a_second_build_is_refused_while_one_runs(tmp_path, data_dir):
    from papergraph.errors import GraphBusyError
    from papergraph.store import build_lock

    graph = tmp_path / "g"
    PaperGraph.build([data_dir / "tiny.jsonl"], graph)
    with build_lock(graph):  # as a build under way holds it
        with pytest.raises(GraphBusyError, match=rf"another build \(pid {os.getpid()}\).*--wait"):
            PaperGraph.build_records([{"title": "Only One"}], graph)
        result = subprocess.run(
            [*PAPERGRAPH, "build", str(data_dir / "tiny.jsonl"), "--graph", str(graph)], capture_output=True, text=True
        )
        assert result.returncode == 1 and result.stderr.startswith("error: ") and "another build" in result.stderr
    assert PaperGraph.open(graph).stats()["papers"] == 3


def test_robustness_a_graph_is_in_place_at_every_instant_of_the_swap(tmp_path, data_dir, monkeypatch):
    import papergraph.store as store_module

    graph = tmp_path / "g"
    PaperGraph.build([data_dir / "tiny.jsonl"], graph)
    seen = []
    real_exchange, real_rename = store_module.exchange, os.rename

    def exchange(a, b):  # the state just before and just after the swap, then a kill
        seen.append(PaperGraph.open(b).stats()["papers"])
        assert real_exchange(a, b)
        seen.append(PaperGraph.open(b).stats()["papers"])
        raise KeyboardInterrupt  # killed between the exchange and the removal of the old graph

    monkeypatch.setattr(store_module, "exchange", exchange)
    with pytest.raises(KeyboardInterrupt):
        PaperGraph.build_records([{"title": "Only One", "abstract": "x"}], graph)
    assert seen == [3, 1] and PaperGraph.open(graph).stats()["papers"] == 1
    monkeypatch.undo()
    assert real_rename is os.rename
    PaperGraph.build([data_dir / "tiny.jsonl"], graph)  # cleans every leftover of the killed build
    assert sorted(p.name for p in tmp_path.iterdir()) == [".g.lock", "g"]


def test_robustness_leftovers_of_killed_builds_are_removed(tmp_path, data_dir):
    graph = tmp_path / "g"
    PaperGraph.build([data_dir / "tiny.jsonl"], graph)
    for leftover in (".g.old-abc123", ".g.building-def456"):  # no pid file: the old code kept these forever
        (tmp_path / leftover / "store").mkdir(parents=True)
    PaperGraph.build([data_dir / "tiny.jsonl"], graph)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".g.lock", "g"]


WORKERS_SCRIPT = """
import sys, time
from papergraph.extract import extract
from papergraph.model import Paper
papers = [Paper(f"Paper {i}", "We propose FooNet. FooNet outperforms ResNet-50 on ImageNet. " * 20) for i in range(4000)]
extract(papers, jobs=2, chunk_size=10)
"""


def test_robustness_extraction_workers_die_with_a_killed_build(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", WORKERS_SCRIPT], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    children: list[int] = []
    deadline = time.time() + 60
    while time.time() < deadline and len(children) < 2:
        time.sleep(0.2)
        try:
            children = [int(c) for c in Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()]
        except OSError:
            break
    assert len(children) >= 2, proc.stderr.read().decode() if proc.poll() is not None else "no workers"
    time.sleep(1.5)  # the workers are extracting
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.time() + 10
    alive = children
    while time.time() < deadline and alive:
        time.sleep(0.2)
        alive = [
            c
            for c in children
            if Path(f"/proc/{c}").exists()
            and "zombie" not in Path(f"/proc/{c}/status").read_text().split("State:")[1].split("\n")[0]
        ]
    assert not alive, f"workers {alive} outlived their killed parent"


DEEP = b'{"a": ' * 100_000 + b"1" + b"}" * 100_000
RECORD_PROBLEMS = {
    "deep.jsonl": (GOOD.encode() + DEEP + b"\n", "deep.jsonl:2: not valid JSON (nested too deep)"),
    "deep-array.json": (b"[" + DEEP + b"]", "deep-array.json:1: not a valid JSON array (nested too deep)"),
    "list-title.jsonl": (GOOD.encode() + b'{"title": ["List", "Title"]}\n', "list-title.jsonl:2: 'title' is a list"),
    "object-title.jsonl": (GOOD.encode() + b'{"title": {"nested": 1}}\n', "'title' is an object"),
    "bool-title.jsonl": (GOOD.encode() + b'{"title": true}\n', "'title' is true/false"),
    "nan-title.jsonl": (GOOD.encode() + b'{"title": NaN}\n', "'title' is NaN or infinity"),
    "bad-authors.jsonl": (
        b'{"title": "A Good Paper", "authors": [{"name": "Ada L"}, null, 3, "Alan T"]}\n',
        "bad-authors.jsonl:1: 'authors' has 2 entries that are not names",
    ),
    "number-authors.jsonl": (b'{"title": "A Good Paper", "authors": 3}\n', "'authors' is int"),
    "list-abstract.jsonl": (b'{"title": "A Good Paper", "abstract": ["a", "b"]}\n', "'abstract' is a list"),
}


@pytest.mark.parametrize("name", sorted(RECORD_PROBLEMS))
def test_robustness_a_bad_record_is_one_warning_and_the_rest_loads(tmp_path, name):
    data, message = RECORD_PROBLEMS[name]
    (tmp_path / name).write_bytes(data)
    corpus = sources.load([tmp_path / name])
    assert any(message in str(p) for p in corpus.problems), [str(p) for p in corpus.problems]
    titles = [p.title for p in corpus.papers]
    if "deep-array" not in name:
        assert titles == ["A Good Paper"]  # never "['List', 'Title']", "True" or "nan"
    if name == "bad-authors.jsonl":
        assert corpus.papers[0].authors == ("Ada L", "Alan T")


def test_robustness_a_huge_abstract_is_cut_with_a_warning_and_builds(tmp_path):
    path = tmp_path / "huge.jsonl"
    path.write_text(GOOD + json.dumps({"title": "Long One", "abstract": "We propose LongNet. " * 60_000}) + "\n")
    corpus = sources.load([path])
    assert any("huge.jsonl:2: abstract is 1,199,999 characters long" in str(p) for p in corpus.problems)
    g = PaperGraph.build(corpus=corpus)
    assert g.stats()["papers"] == 2


def test_robustness_records_from_python_are_checked_like_files():
    g = PaperGraph.build_records(
        [
            {"title": "Fine", "abstract": "We propose FineNet."},
            {"title": ["x"]},
            {"title": "Ctrl\x00 Title", "abstract": "x"},
        ]
    )
    assert [str(p) for p in g.report.problems] == ["<records>:2: 'title' is a list, not text; record skipped"]
    assert sorted(r["t"] for r in g.query("SELECT ?t WHERE { ?p a pg:Paper ; dcterms:title ?t }").rows) == [
        "Ctrl Title",
        "Fine",
    ]


def test_robustness_copies_of_one_record_make_one_paper_read_once_per_file(tmp_path):
    path = tmp_path / "copies.jsonl"
    path.write_text(GOOD * 5000)
    corpus = sources.load([path, path])
    assert len(corpus.papers) == 1 and corpus.duplicates_merged == 9999
    assert corpus.papers[0].sources == (f"{path}:1",)
