"""Exports: RDF formats from the store, GraphML and CSV from the networkx view, safe in a spreadsheet."""

from __future__ import annotations

import csv

import networkx as nx

from papergraph import PaperGraph
from papergraph.views.export import FORMATS, spreadsheet_safe


def test_export_csv_cells_never_start_a_formula(tmp_path):
    g = PaperGraph.build_records([{"title": '=HYPERLINK("http://evil"): A Paper', "abstract": "We propose FooNet."}])
    g.serialize(tmp_path / "csv", "csv")
    with open(tmp_path / "csv" / "nodes.csv", encoding="utf-8") as f:
        cells = [v for row in csv.DictReader(f) for v in row.values() if v]
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    assert spreadsheet_safe("=1+1") == "'=1+1" and spreadsheet_safe(3) == 3


def test_export_graphml_holds_every_node_and_edge_of_the_view(tiny_graph, tmp_path):
    tiny_graph.serialize(tmp_path / "g.graphml", "graphml")
    back = nx.read_graphml(tmp_path / "g.graphml")
    view = tiny_graph.to_networkx()
    assert back.number_of_nodes() == view.number_of_nodes() and back.number_of_edges() == view.number_of_edges()
    assert "html" in FORMATS and "ttl" in FORMATS
