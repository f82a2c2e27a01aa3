"""The command line: every command works, prints what a user needs, and is documented."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph

from papergraph.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"


@pytest.fixture(scope="module")
def built(tmp_path_factory, data_dir):
    path = tmp_path_factory.mktemp("cli") / "g"
    result = CliRunner().invoke(main, ["build", str(data_dir / "tiny.jsonl"), "--graph", str(path)])
    assert result.exit_code == 0, result.output
    return path, result


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_cli_every_command_is_documented_in_the_readme():
    readme = README.read_text()
    for name in main.commands:
        assert f"### {name}" in readme, f"README has no section for `papergraph {name}`"
        assert "Example" in main.commands[name].help, f"`papergraph {name} --help` has no example"


def test_cli_build_prints_the_summary(built):
    _, result = built
    assert "1 files read, 3 listings, 3 distinct papers, 0 duplicates merged, 0 records skipped" in result.output
    assert "3 papers" in result.output


def test_cli_build_sample_corpus_summary(tmp_path, examples_dir):
    result = run("build", examples_dir, "--graph", tmp_path / "g")
    assert result.exit_code == 0
    assert "5 files read, 399 listings, 311 distinct papers, 88 duplicates merged" in result.output


def test_cli_build_warns_with_file_and_line_and_strict_fails(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"title": "Good"}\n{broken\n')
    result = run("build", bad, "--graph", tmp_path / "g")
    assert result.exit_code == 0 and f"{bad}:2:" in result.output
    assert run("build", bad, "--graph", tmp_path / "g2", "--strict").exit_code == 2


def test_cli_query_named_with_param_table(built):
    path, _ = built
    result = run("query", "improves-on", "--graph", path, "--param", "target=ResNet-50")
    assert result.exit_code == 0
    assert "FooNet" in result.output and "BarFormer" in result.output and "(2 rows)" in result.output


def test_cli_query_json_is_w3c_sparql_results(built):
    path, _ = built
    result = run(
        "query",
        "-e",
        "SELECT ?t WHERE { ?p a pg:Paper ; dcterms:title ?t } ORDER BY ?t",
        "--graph",
        path,
        "--format",
        "json",
    )
    doc = json.loads(result.output)
    assert doc["head"]["vars"] == ["t"]
    assert [b["t"]["value"] for b in doc["results"]["bindings"]][0] == "A Survey of Efficient Transformers"
    assert doc["results"]["bindings"][0]["t"]["type"] == "literal"


@pytest.mark.parametrize("fmt,delim", [("csv", ","), ("tsv", "\t")])
def test_cli_query_csv_and_tsv(built, fmt, delim):
    path, _ = built
    result = run("query", "papers-with-code", "--graph", path, "--format", fmt)
    rows = list(csv.reader(io.StringIO(result.output), delimiter=delim))
    assert rows[0][:2] in (["title", "repository"], ["?title", "?repository"])
    assert len(rows) == 3


def test_cli_query_param_cannot_inject(built):
    path, _ = built
    result = run("query", "evaluated-on", "--graph", path, "--param", 'dataset=x" } UNION { ?s ?p ?o } #')
    assert result.exit_code == 0 and "(0 rows)" in result.output


def test_cli_query_list_names_the_queries():
    result = run("query", "--list")
    assert "improves-on" in result.output and "evaluated-on" in result.output


def test_cli_query_unknown_name_is_a_clear_error(built):
    path, _ = built
    result = run("query", "no-such-query", "--graph", path)
    assert result.exit_code == 1 and "no named query 'no-such-query'" in result.output


@pytest.mark.parametrize("fmt,parse", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("rdf", "xml")])
def test_cli_export_rdf_formats_parse(built, tmp_path, fmt, parse):
    path, _ = built
    out = tmp_path / f"g.{fmt}"
    assert run("export", fmt, "--graph", path, "-o", out).exit_code == 0
    assert len(Graph().parse(out, format=parse)) > 50


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_cli_export_graph_formats_keep_kinds(built, tmp_path, fmt):
    import networkx as nx

    path, _ = built
    out = tmp_path / f"g.{fmt}"
    assert run("export", fmt, "--graph", path, "-o", out).exit_code == 0
    g = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)
    assert {a["kind"] for _, a in g.nodes(data=True)} == {"paper", "method", "dataset", "repository", "concept"}


def test_cli_export_csv_and_html(built, tmp_path):
    path, _ = built
    assert run("export", "csv", "--graph", path, "-o", tmp_path / "csv").exit_code == 0
    edges = list(csv.DictReader(open(tmp_path / "csv" / "edges.csv")))
    assert any(e["relation"] == "improvesOn" and "outperforms" in e["evidence"] for e in edges)
    assert run("export", "html", "--graph", path, "-o", tmp_path / "g.html").exit_code == 0
    assert "vis.Network" in (tmp_path / "g.html").read_text()


def test_cli_stats_and_validate(built):
    path, _ = built
    stats = json.loads(run("stats", "--graph", path, "--json").output)
    assert stats["papers"] == 3 and stats["repositories"] == 2
    result = run("validate", "--graph", path)
    assert result.exit_code == 0 and "conforms" in result.output


def test_cli_missing_graph_is_a_clear_error(tmp_path):
    result = run("stats", "--graph", tmp_path / "none")
    assert result.exit_code == 1 and "papergraph build" in result.output


def test_cli_analyze_questions(built):
    path, _ = built
    out = run("analyze", "improvements", "ResNet-50", "--graph", path).output
    assert "FooNet → ResNet-50" in out and "BarFormer → FooNet → ResNet-50" in out
    out = run("analyze", "lineage", "FooNet", "--graph", path).output
    assert "builds on:" in out and "BarFormer → FooNet" in out
    assert "FooNet" in run("analyze", "find", "Foo Net", "--graph", path).output
    result = run("analyze", "find", "FoNet", "--graph", path)
    assert result.exit_code == 1 and "did you mean 'FooNet'" in result.output
    ranks = json.loads(run("analyze", "influence", "--graph", path, "--json").output)
    assert ranks == sorted(ranks, key=lambda r: -r["influence"])


def test_cli_analyze_write_stores_attributes(tmp_path, data_dir):
    path = tmp_path / "g"
    run("build", data_dir / "tiny.jsonl", "--graph", path)
    assert run("analyze", "influence", "--write", "--graph", path).exit_code == 0
    rows = run(
        "query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?x pg:pagerank ?r }", "--graph", path, "--format", "csv"
    ).output.split()
    assert int(rows[1]) > 5


def test_cli_export_jsonld_has_a_context(built, tmp_path):
    path, _ = built
    out = tmp_path / "g.jsonld"
    run("export", "jsonld", "--graph", path, "-o", out)
    doc = json.loads(out.read_text())
    assert doc["@context"]["pg"] == "https://w3id.org/papergraph/ontology#"
    assert "dcterms:title" in out.read_text()


def test_cli_query_pages_with_limit_and_offset(built):
    path, _ = built
    whole = list(csv.reader(io.StringIO(run("query", "papers-with-code", "--graph", path, "--format", "csv").output)))
    second = list(
        csv.reader(
            io.StringIO(
                run(
                    "query", "papers-with-code", "--graph", path, "--format", "csv", "--limit", "1", "--offset", "1"
                ).output
            )
        )
    )
    assert second[1:] == whole[2:3]
    refused = run("query", "top-methods", "--graph", path, "--limit", "5")
    assert refused.exit_code != 0 and "cannot be paged" in refused.output


def test_cli_export_csv_is_safe_to_open_in_a_spreadsheet(tmp_path):
    hostile = ['=HYPERLINK("http://evil.example","click")', "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3+cmd|x"]
    records = tmp_path / "hostile.jsonl"
    records.write_text(
        "".join(json.dumps({"title": t, "abstract": f"{t} is evaluated on ImageNet."}) + "\n" for t in hostile)
    )
    graph = tmp_path / "g"
    assert run("build", records, "--graph", graph).exit_code == 0
    assert run("export", "csv", "--graph", graph, "-o", tmp_path / "csv").exit_code == 0
    cells = [
        c
        for name in ("nodes.csv", "edges.csv")
        for row in csv.reader(io.StringIO((tmp_path / "csv" / name).read_text()))
        for c in row
    ]
    assert not [c for c in cells if c[:1] in ("=", "+", "@") or (c[:1] == "-" and not c[1:].replace(".", "").isdigit())]
    assert "'" + hostile[0] in cells  # shown as the text it is


@pytest.mark.parametrize(
    "args, message",
    [
        (["push", "http://127.0.0.1:9/sparql"], "cannot reach the Graph Store endpoint"),
        (["push", "not-a-url"], "is not the http(s):// URL"),
        (["query", "top-methods", "--param", "x) {(1)} ?s a pg:Method } LIMIT 3 #=1"], "is not a SPARQL variable name"),
        (
            ["query", "top-methods", "--graph", "http://127.0.0.1:9/sparql", "--param", "x) { ?s ?p ?o } #=1"],
            "is not a SPARQL variable name",
        ),
        (["query", "top-methods", "--param", "x=<not an iri>"], "is not an IRI"),
    ],
)
def test_cli_errors_are_one_line_not_a_traceback(built, args, message):
    path, _ = built
    if "--graph" not in args:
        args = [*args, "--graph", str(path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (1, 2) and message in result.output and "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
