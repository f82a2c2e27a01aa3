"""papergraph diff: what a rebuild added, on the sample corpus read as four pages, then five."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from papergraph import PaperGraph, sources
from papergraph.cli import main
from papergraph.diff import CLAIM_RELATIONS, diff


@pytest.fixture(scope="module")
def four_then_five(examples_dir, tmp_path_factory):
    """The graph of the first four pages, then `build --update` with the fifth (keeping the four)."""
    pages = sorted(examples_dir.glob("*.txt"))
    path = tmp_path_factory.mktemp("diff") / "graph"
    PaperGraph.build(pages[:4], path=path)
    updated = PaperGraph.build([pages[4]], path=path, update=True, keep_previous=True)
    return path, updated, pages[4]


def test_diff_update_adds_exactly_the_new_papers_and_removes_nothing(four_then_five):
    path, updated, _ = four_then_five
    old = PaperGraph.open(path.with_name(path.name + ".previous"))
    d = updated.changes
    assert len(d.papers.added) == updated.stats()["papers"] - old.stats()["papers"] > 0
    assert d.papers.removed == d.methods.removed == d.datasets.removed == d.claims.removed == []
    assert len(d.methods.added) == updated.stats()["methods"] - old.stats()["methods"]


def test_diff_every_new_claim_comes_from_a_paper_of_the_fifth_page(four_then_five):
    _, updated, fifth = four_then_five
    titles = {p.title for p in sources.load([fifth]).papers}
    claims = updated.changes.claims.added
    assert {c.relation for c in claims} >= {"improvesOn", "evaluatedOn", "proposes"}
    assert all(c.paper in titles and c.evidence for c in claims)
    assert set(CLAIM_RELATIONS) >= {c.relation for c in claims}


def test_diff_of_an_update_and_a_full_build_of_the_same_inputs_is_empty(four_then_five, sample_graph):
    d = diff(four_then_five[1], sample_graph)
    assert not (d.papers.added or d.papers.removed or d.methods.added or d.methods.removed)
    assert not (d.claims.added or d.claims.removed or d.concepts)


def test_diff_a_method_whose_label_and_iri_changed_is_neither_removed_nor_added():
    """More papers can change which name labels a method ("ViT" -> "Vision Transformer") and
    so its IRI: the diff matches it by the names the two builds share."""
    records = [{"title": "A", "abstract": "We propose FooNet. FooNet outperforms ViT on ImageNet."}]
    old, new = PaperGraph.build_records(records), PaperGraph.build_records(records)
    was = old.find("ViT").iri
    now = was.rsplit("/", 1)[0] + "/vision-transformer"
    new.store.update(
        f"""DELETE {{ <{was}> ?p ?o }} INSERT {{ <{now}> ?p ?o }} WHERE {{ <{was}> ?p ?o }} ;
            DELETE {{ ?s ?p <{was}> }} INSERT {{ ?s ?p <{now}> }} WHERE {{ ?s ?p <{was}> }} ;
            DELETE {{ <{now}> rdfs:label ?l }} INSERT {{ <{now}> rdfs:label "Vision Transformer" ; skos:altLabel ?l }}
            WHERE {{ <{now}> rdfs:label ?l }}""",
        prefixes={"rdfs": "http://www.w3.org/2000/01/rdf-schema#", "skos": "http://www.w3.org/2004/02/skos/core#"},
    )
    assert new.find("ViT").iri == now != was
    d = diff(old, new)
    assert d.methods.added == d.methods.removed == []
    assert d.claims.added == d.claims.removed == []


def test_diff_cli_report_json_and_html(four_then_five, tmp_path):
    path, _, _ = four_then_five
    previous = str(path.with_name(path.name + ".previous"))
    runner = CliRunner()
    report = runner.invoke(main, ["diff", previous, str(path), "--top", "2"])
    assert report.exit_code == 0, report.output
    assert "Papers: +53 −0" in report.output and "improves on (" in report.output and "… and" in report.output
    data = json.loads(runner.invoke(main, ["diff", previous, str(path), "--json"]).output)
    assert set(data) >= {"papers", "methods", "datasets", "claims", "concepts"}
    assert all(set(data[k]) == {"added", "removed"} for k in ("papers", "methods", "datasets", "claims"))
    page = tmp_path / "news.html"
    assert runner.invoke(main, ["diff", previous, str(path), "--html", str(page)]).exit_code == 0
    assert page.is_file()


def test_diff_build_update_prints_a_summary_and_keeps_the_previous_graph(examples_dir, tmp_path):
    pages = sorted(examples_dir.glob("*.txt"))
    graph = tmp_path / "g"
    runner = CliRunner()
    assert runner.invoke(main, ["build", str(pages[0]), "--graph", str(graph)]).exit_code == 0
    out = runner.invoke(main, ["build", "--update", str(pages[1]), "--graph", str(graph)])
    assert out.exit_code == 0, out.output
    assert "changes since the graph it replaced:" in out.output and "papers    +" in out.output
    assert not graph.with_name("g.previous").exists()  # kept only for the diff
    assert not list(tmp_path.glob(".g.old-*"))
    out = runner.invoke(main, ["build", "--update", str(pages[2]), "--graph", str(graph), "--keep-previous"])
    assert out.exit_code == 0 and graph.with_name("g.previous").is_dir()
    assert PaperGraph.open(graph.with_name("g.previous")).stats()["papers"] < PaperGraph.open(graph).stats()["papers"]


def test_diff_keep_previous_refuses_a_folder_that_is_not_a_graph(examples_dir, tmp_path):
    pages = sorted(examples_dir.glob("*.txt"))
    graph = tmp_path / "g"
    PaperGraph.build([pages[0]], path=graph)
    (tmp_path / "g.previous").mkdir()
    (tmp_path / "g.previous" / "notes.txt").write_text("mine")
    with pytest.raises(Exception, match="not a papergraph graph"):
        PaperGraph.build([pages[1]], path=graph, update=True, keep_previous=True)
    assert (tmp_path / "g.previous" / "notes.txt").read_text() == "mine"
    assert PaperGraph.open(graph).stats()["papers"] > 0  # the graph is still there
    shutil.rmtree(tmp_path / "g.previous")
