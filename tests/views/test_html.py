"""The explorer page in real headless Chromium: offline, complete, searchable, safe."""
from __future__ import annotations

from pathlib import Path


from papergraph import PaperGraph
from papergraph.views.html import render

OUTPUT = Path(__file__).resolve().parent.parent / "output"

HOSTILE_TITLE = "<img src=x onerror=alert(1)>: A Paper"
HOSTILE_ABSTRACT = ("We propose EvilNet. </script><script>alert('abstract')</script> EvilNet outperforms "
                    "ResNet-50 on ImageNet. <b onmouseover=alert(2)>bold</b>")


def test_html_is_self_contained_and_has_no_remote_urls(tiny_graph):
    page = render(tiny_graph.to_networkx())
    for remote in ("<script src", "<link", "cdn", "unpkg", "jsdelivr", "cdnjs"):
        assert remote not in page.lower()
    assert "default-src 'none'" in page


def test_html_escapes_paper_text_in_the_data_block():
    g = PaperGraph.build_records([{"title": HOSTILE_TITLE, "abstract": HOSTILE_ABSTRACT}])
    page = render(g.to_networkx())
    data = page[page.index('id="pg-data"'):]
    assert "</script><script>alert" not in data and "<img src=x" not in data


def test_html_sample_page_loads_offline_with_every_node(sample_graph, open_page, tmp_path):
    path = sample_graph.to_html(tmp_path / "sample.html")
    page, problems, requests, _ = open_page(path)
    drawn = page.evaluate("window.pgNetwork.body.nodeIndices.length")
    assert drawn == sample_graph.to_networkx().number_of_nodes()
    assert problems == [] and requests == []
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "sample-corpus.png"))
    assert (OUTPUT / "sample-corpus.png").stat().st_size > 10_000


def test_html_search_finds_a_node_and_details_show_evidence(tiny_graph, open_page, tmp_path):
    page, problems, _, _ = open_page(tiny_graph.to_html(tmp_path / "tiny.html"))
    page.fill("#search", "foonet")
    results = page.locator("#results li")
    assert results.first.inner_text().startswith("FooNet")
    results.first.click()
    assert "FooNet" in page.locator("#details").inner_text()
    edge_id = page.evaluate("DATA.edges.find(e => e.relation === 'improvesOn').id")
    page.evaluate(f"window.pgNetwork.emit('click', {{nodes: [], edges: [{edge_id}]}})")
    details = page.locator("#details").inner_text()
    assert "improvesOn" in details and "outperforms" in details and "confidence" in details
    assert problems == []


def test_html_filters_hide_a_node_kind(tiny_graph, open_page, tmp_path):
    page, _, _, _ = open_page(tiny_graph.to_html(tmp_path / "tiny.html"))
    before = page.evaluate("window.pgNetwork.body.nodeIndices.length")
    page.locator("#kinds input[data-kind=dataset]").uncheck()
    page.wait_for_timeout(100)
    after = page.evaluate("window.pgNetwork.body.nodeIndices.length")
    datasets = sum(1 for _, a in tiny_graph.to_networkx().nodes(data=True) if a["kind"] == "dataset")
    assert before - after == datasets > 0


def test_html_injection_probes_do_not_run(open_page, tmp_path):
    g = PaperGraph.build_records([{"title": HOSTILE_TITLE, "abstract": HOSTILE_ABSTRACT}])
    page, problems, requests, dialogs = open_page(g.to_html(tmp_path / "evil.html"))
    page.fill("#search", "img src")
    paper = page.locator("#results li", has_text="(paper)").first
    paper.click()
    paper.hover()
    page.wait_for_timeout(200)
    assert dialogs == [] and requests == [] and problems == []
    assert page.evaluate("document.querySelectorAll('img, b').length") == 0
    assert HOSTILE_TITLE in page.locator("#details").inner_text()
    assert "</script><script>alert('abstract')</script>" in page.locator("#details").inner_text()


def test_html_focus_depth_kinds_and_max_nodes(tiny_graph, tmp_path):
    from papergraph.views.html import subgraph
    g = tiny_graph.to_networkx()
    foonet = tiny_graph.find("FooNet").iri
    one = subgraph(g, [foonet], depth=1)
    assert foonet in one and set(one.nodes) == {foonet, *g.successors(foonet), *g.predecessors(foonet)}
    assert set(subgraph(g, [foonet], depth=2).nodes) > set(one.nodes)
    only = subgraph(g, kinds=["method"])
    assert {a["kind"] for _, a in only.nodes(data=True)} == {"method"}
    small = subgraph(g, [foonet], depth=3, max_nodes=5)
    assert small.number_of_nodes() == 5 and foonet in small


def test_html_query_subgraph_draws_the_result(tiny_graph, tmp_path):
    from papergraph.views.html import page_data
    path = tiny_graph.to_html(tmp_path / "q.html", query="SELECT ?m ?o WHERE { ?m pg:improvesOn ?o }")
    text = path.read_text()
    data = json_block(text)
    assert {n["label"] for n in data["nodes"]} == {"FooNet", "BarFormer", "ResNet-50", "ViT", "Longformer"}
    assert {e["relation"] for e in data["edges"]} == {"improvesOn"}
    assert page_data  # the page is built from page_data


def json_block(page: str) -> dict:
    import json
    start = page.index('id="pg-data">') + len('id="pg-data">')
    return json.loads(page[start:page.index("</script>", start)])


def test_html_details_panel_groups_relations(tiny_graph, open_page, tmp_path):
    page, problems, _, _ = open_page(tiny_graph.to_html(tmp_path / "tiny.html"))
    page.fill("#search", "foonet")
    page.locator("#results li", has_text="(method)").first.click()
    details = page.locator("#details").inner_text()
    assert "PROPOSED BY" in details.upper() and "IMPROVES ON" in details.upper() and "IMPROVED ON BY" in details.upper()
    page.fill("#search", "cifar")
    page.locator("#results li", has_text="(dataset)").first.click()
    assert "EVALUATED HERE" in page.locator("#details").inner_text().upper()
    assert problems == []
