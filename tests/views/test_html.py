"""The explorer page in real headless Chromium: offline, complete, searchable, safe."""

from __future__ import annotations

from pathlib import Path


import pytest

from papergraph import PaperGraph
from papergraph.views.html import render

OUTPUT = Path(__file__).resolve().parent.parent / "output"

HOSTILE_TITLE = "<img src=x onerror=alert(1)>: A Paper"
HOSTILE_ABSTRACT = (
    "We propose EvilNet. </script><script>alert('abstract')</script> EvilNet outperforms "
    "ResNet-50 on ImageNet. <b onmouseover=alert(2)>bold</b>"
)


def test_html_is_self_contained_and_has_no_remote_urls(tiny_graph):
    page = render(tiny_graph.to_networkx())
    for remote in ("<script src", "<link", "cdn", "unpkg", "jsdelivr", "cdnjs"):
        assert remote not in page.lower()
    assert "default-src 'none'" in page


def test_html_escapes_paper_text_in_the_data_block():
    g = PaperGraph.build_records([{"title": HOSTILE_TITLE, "abstract": HOSTILE_ABSTRACT}])
    page = render(g.to_networkx())
    data = page[page.index('id="pg-data"') :]
    assert "</script><script>alert" not in data and "<img src=x" not in data


def _first_view(g):
    """Nodes of the first view: no concepts, and only nodes with an edge left to draw."""
    from papergraph.views.html import HIDDEN_AT_LOAD

    keep = {v for v, a in g.nodes(data=True) if a["kind"] not in HIDDEN_AT_LOAD["kinds"]}
    return {
        v
        for s, o, k in g.edges(keys=True)
        if k not in HIDDEN_AT_LOAD["relations"] and s in keep and o in keep
        for v in (s, o)
    }


def test_html_sample_page_loads_offline_without_concepts_then_with_every_node(sample_graph, open_page, tmp_path):
    path = sample_graph.to_html(tmp_path / "sample.html")
    page, problems, requests, _ = open_page(path)
    g = sample_graph.to_networkx()
    drawn = page.evaluate("window.pgNetwork.body.nodeIndices.length")
    assert drawn == len(_first_view(g)) < g.number_of_nodes()
    assert f"{drawn} of {g.number_of_nodes()} nodes" in page.locator("#page-title").inner_text()
    for kind in ("concept",):  # one toggle brings concepts back, with their edges
        page.locator(f"#kinds input[data-kind={kind}]").check()
    for relation in ("hasConcept", "sharesConcept"):
        page.locator(f"#relations input[data-kind={relation}]").check()
    page.locator("#orphans").uncheck()
    page.wait_for_timeout(100)
    assert page.evaluate("window.pgNetwork.body.nodeIndices.length") == g.number_of_nodes()
    assert problems == [] and requests == []


def test_html_first_view_is_readable_at_load(sample_graph, browser, tmp_path, wait_until):
    """At 1600x1000, labels are drawn at 13 px on screen, the most named first, none over
    another; zooming in (by hand or by the page) shows more of them."""
    path = sample_graph.to_html(tmp_path / "sample.html")
    context = browser.new_context(offline=True, viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.goto(path.resolve().as_uri())
    wait_until(page, "window.pgReady === true", 15)
    page.wait_for_timeout(200)
    labels = page.evaluate("window.pgLabels")
    assert len(labels) >= 60 and {lab["px"] for lab in labels} == {13}
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert not (
                a["x"] < b["x"] + b["w"]
                and b["x"] < a["x"] + a["w"]
                and a["y"] < b["y"] + b["h"]
                and b["y"] < a["y"] + a["h"]
            ), (a["text"], b["text"])
    top = max(
        (a for _, a in sample_graph.to_networkx().nodes(data=True) if a["kind"] == "method"),
        key=lambda a: a.get("papers", 0),
    )
    assert labels[0]["text"] == top["label"]  # the most named method is labelled first
    most_named = page.evaluate(
        "DATA.nodes.filter(n => !DATA.hidden.kinds.includes(n.kind)).sort((a, b) => b.weight - a.weight)"
        ".slice(0, 12).map(n => n.label)"
    )
    assert set(most_named) <= {lab["text"] for lab in labels}  # hubs sit together; all are named
    assert all(len(lab["text"]) <= 47 for lab in labels)  # short labels: 40 characters and a year
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "explorer-default.png"))
    width, height = page.evaluate(
        "[window.pgNetwork.canvas.frame.canvas.clientWidth, window.pgNetwork.canvas.frame.canvas.clientHeight]"
    )
    middle = [  # the labels in the middle sixteenth of the screen, which zooming by 4 fills it with
        lab
        for lab in labels
        if abs(lab["x"] + lab["w"] / 2 - width / 2) < width / 8 and abs(lab["y"] - height / 2) < height / 8
    ]
    page.evaluate("window.pgNetwork.moveTo({scale: window.pgNetwork.getScale() * 4})")
    page.wait_for_timeout(200)
    in_view = page.evaluate(
        """(() => { const net = window.pgNetwork, c = net.canvas.frame.canvas;
        const pos = net.getPositions(net.body.nodeIndices);
        return Object.values(pos).map(p => net.canvasToDOM(p))
          .filter(p => p.x >= 0 && p.y >= 0 && p.x <= c.clientWidth && p.y <= c.clientHeight).length; })()"""
    )
    # zooming in names more of what is there, and then most of it (the middle may
    # already be named well at load: 26 labels there, 75 of the 86 nodes it holds zoomed in)
    zoomed = len(page.evaluate("window.pgLabels"))
    page.screenshot(path=str(OUTPUT / "explorer-zoomed.png"))
    assert zoomed > len(middle) and zoomed >= 0.8 * in_view, (len(middle), zoomed, in_view)
    page.fill("#search", "swin transformer")
    page.locator("#results li", has=page.locator(".chip", has_text="method")).first.click()
    page.wait_for_timeout(200)
    selected = page.evaluate("window.pgNetwork.getSelectedNodes()[0]")
    assert selected in {lab["id"] for lab in page.evaluate("window.pgLabels")}  # the page's own zoom labels too
    colours = page.evaluate(
        "window.pgNetwork.body.data.edges.get().slice(0, 50).map(e => [e.color.color, e.color.highlight])"
    )
    assert all(c == h for c, h in colours)  # selecting keeps each relation's colour
    page.screenshot(path=str(OUTPUT / "explorer-search.png"))
    context.close()


def test_html_focus_page_opens_on_its_focus(sample_graph, browser, tmp_path, wait_until):
    path = sample_graph.to_html(tmp_path / "focus.html", focus="Swin Transformer", depth=1)
    context = browser.new_context(offline=True, viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.goto(path.resolve().as_uri())
    wait_until(page, "window.pgReady === true", 15)
    iri = sample_graph.find("Swin Transformer").iri
    assert page.evaluate("window.pgNetwork.getSelectedNodes()") == [iri]
    assert "focus: Swin Transformer" in page.locator("#page-title").inner_text()
    assert "Swin Transformer" in page.locator("#details").inner_text()
    OUTPUT.mkdir(exist_ok=True)
    page.screenshot(path=str(OUTPUT / "explorer-focus.png"))
    context.close()


def test_html_search_finds_a_node_and_details_show_evidence(tiny_graph, open_page, tmp_path):
    page, problems, _, _ = open_page(tiny_graph.to_html(tmp_path / "tiny.html"))
    page.fill("#search", "foonet")
    results = page.locator("#results li")
    assert results.first.inner_text().startswith("FooNet")
    results.first.click()
    assert "FooNet" in page.locator("#details").inner_text()
    edge_id = page.evaluate("DATA.edges.find(e => e.relation === 'improvesOn' && /outperforms/.test(e.evidence)).id")
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
    paper = page.locator("#results li", has=page.locator(".chip", has_text="paper")).first
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
    return json.loads(page[start : page.index("</script>", start)])


def test_html_details_panel_groups_relations(tiny_graph, open_page, tmp_path, wait_until):
    page, problems, _, _ = open_page(tiny_graph.to_html(tmp_path / "tiny.html"))
    page.fill("#search", "foonet")
    page.locator("#results li", has=page.locator(".chip", has_text="method")).first.click()
    details = page.locator("#details").inner_text()
    assert "PROPOSED BY" in details.upper() and "IMPROVES ON" in details.upper() and "IMPROVED ON BY" in details.upper()
    page.fill("#search", "cifar")
    page.locator("#results li", has=page.locator(".chip", has_text="dataset")).first.click()
    assert "EVALUATED HERE" in page.locator("#details").inner_text().upper()
    assert problems == []


def test_html_neighbourhood_mode_fades_the_rest_and_grows_with_depth(sample_graph, browser, tmp_path, wide_page):
    path = sample_graph.to_html(tmp_path / "sample.html")
    swin = sample_graph.find("Swin Transformer").iri
    context, page, errors = wide_page(path, "#node=" + swin)
    assert page.evaluate("window.pgSelected") == swin  # a deep link selects its node
    colours = page.evaluate("""(() => { const hood = new Set(window.pgNetwork.getConnectedNodes(window.pgSelected).concat([window.pgSelected]));
        return window.pgNetwork.body.data.nodes.get().map(n => [hood.has(n.id), n.color]); })()""")
    assert all((c != "rgba(200,200,200,0.25)") == inside for inside, c in colours)
    labelled = {lab["id"] for lab in page.evaluate("window.pgLabels")}
    neighbours = set(page.evaluate("window.pgNetwork.getConnectedNodes(window.pgSelected)"))
    assert labelled <= neighbours | {swin} and len(labelled) >= len(neighbours) // 2
    page.screenshot(path=str(OUTPUT / "explorer-neighbourhood.png"))
    one = len(page.evaluate("window.pgLabels"))
    page.evaluate("const d = document.getElementById('depth'); d.value = 2; d.dispatchEvent(new Event('input'))")
    page.locator("#only").click()
    page.wait_for_timeout(100)
    drawn = page.evaluate("window.pgNetwork.body.nodeIndices.length")
    assert drawn > one and f"{drawn} of" in page.locator("#page-title").inner_text()
    page.screenshot(path=str(OUTPUT / "explorer-only-neighbourhood.png"))
    page.locator("#clear").click()
    assert page.evaluate("window.pgNetwork.body.nodeIndices.length") > drawn
    assert errors == []
    context.close()


def test_html_details_links_navigate_with_back_and_forward(sample_graph, browser, tmp_path, wait_until, wide_page):
    path = sample_graph.to_html(tmp_path / "sample.html")
    swin = sample_graph.find("Swin Transformer").iri
    context, page, errors = wide_page(path, "#node=" + swin)
    details = page.locator("#details")
    headings = [h.upper() for h in details.locator("h2").all_inner_texts()]
    assert headings[0].startswith("PROPOSED BY") and any(h.startswith("IMPROVED ON BY") for h in headings)
    assert "MENTIONED BY" in details.locator("details summary").first.inner_text().upper()  # collapsed, after
    target = details.locator("a.node", has_text="ImageNet").first
    target.click()
    wait_until(page, "window.pgSelected && window.pgSelected.endsWith('/dataset/imagenet')")
    assert "EVALUATED HERE" in details.inner_text().upper()
    page.go_back()
    wait_until(page, f"window.pgSelected === {swin!r}")
    page.go_forward()
    wait_until(page, "window.pgSelected.endsWith('/dataset/imagenet')")
    assert errors == []
    context.close()


def test_html_search_keyboard_and_no_matches(sample_graph, browser, tmp_path, wait_until, wide_page):
    path = sample_graph.to_html(tmp_path / "sample.html")
    context, page, errors = wide_page(path)
    page.fill("#search", "zzzz-nothing")
    assert page.locator("#results li").inner_text() == "no matches"
    page.fill("#search", "swin")
    page.press("#search", "ArrowDown")
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.dataset.id")
    page.keyboard.press("Enter")
    wait_until(page, f"window.pgSelected === {second!r}")
    page.fill("#search", "image classification")  # a concept: its kind is hidden at load
    page.press("#search", "Enter")
    page.wait_for_timeout(100)
    assert page.locator("#kinds input[data-kind=concept]").is_checked()
    assert errors == []
    context.close()


def test_html_lineage_view_reads_left_to_right(sample_graph, browser, tmp_path, wide_page):
    from click.testing import CliRunner

    from papergraph.cli import main

    out = tmp_path / "lineage.html"
    result = CliRunner().invoke(
        main, ["export", "html", "--graph", str(sample_graph.path), "-o", str(out), "--view", "lineage"]
    )
    assert result.exit_code == 0, result.output
    context, page, errors = wide_page(out)
    assert page.evaluate("window.pgView") == "lineage"
    kinds = page.evaluate("window.pgNetwork.body.nodeIndices.map(id => DATA.nodes.find(n => n.id === id).kind)")
    assert set(kinds) <= {"method", "paper"} and len(kinds) > 20
    edges = page.evaluate("""window.pgNetwork.body.edgeIndices.map(id => { const e = window.pgNetwork.body.edges[id];
        return [DATA.edges.find(d => d.id === id).relation, e.from.x, e.to.x]; })""")
    assert {r for r, _, _ in edges} == {"improvesOn"}
    assert all(a > b for _r, a, b in edges)  # what improves stands right of what it improves on
    assert "A → B: A improves on B" in page.locator("#view-note").inner_text()
    page.screenshot(path=str(OUTPUT / "explorer-lineage.png"))
    page.locator("input[name=view][value=explore]").check()
    assert page.evaluate("window.pgNetwork.body.nodeIndices.length") > len(kinds)
    assert errors == []
    context.close()


def test_html_lineage_view_reads_by_date(external_graph, browser, tmp_path, wide_page):
    # papers from 2017 to 2025, dated by their arXiv identifiers: one column per year, read
    # on an axis; methods without a proposing paper stand first, under "no date"
    path = external_graph.to_html(tmp_path / "dated.html", view="lineage")
    context, page, errors = wide_page(path)
    drawn = page.evaluate("""window.pgNetwork.body.nodeIndices.map(id => {
        const proposers = DATA.edges.filter(e => e.relation === "proposes" && e.to === id)
                                    .map(e => DATA.nodes.find(d => d.id === e.from).date).filter(d => d).sort();
        return [DATA.nodes.find(d => d.id === id).date || proposers[0], window.pgNetwork.body.nodes[id].x]; })""")
    years = {}
    for date, x in drawn:
        if date:
            years.setdefault(date[:4], []).append(x)
    assert len(years) >= 5
    spans = [(min(xs), max(xs)) for _year, xs in sorted(years.items())]
    assert all(a[1] < b[0] for a, b in zip(spans, spans[1:]))  # each year wholly right of the one before
    assert page.evaluate("window.pgAxis")[0] == "no date" and set(years) <= set(page.evaluate("window.pgAxis"))
    page.screenshot(path=str(OUTPUT / "explorer-lineage-dated.png"))
    assert errors == []
    context.close()


def test_html_confidence_slider_hides_weaker_edges(tiny_graph, browser, tmp_path, wide_page):
    context, page, errors = wide_page(tiny_graph.to_html(tmp_path / "tiny.html"))
    before = page.evaluate("window.pgNetwork.body.edgeIndices.length")
    page.evaluate(
        "const c = document.getElementById('confidence'); c.value = 0.95; c.dispatchEvent(new Event('input'))"
    )
    kept = page.evaluate("window.pgNetwork.body.edgeIndices.map(id => DATA.edges.find(e => e.id === id).confidence)")
    assert len(kept) < before and all(c is None or c >= 0.95 for c in kept)
    assert errors == []
    context.close()


def test_html_an_edge_shows_every_claim_with_its_paper_and_rule(browser, tmp_path, wide_page):
    g = PaperGraph.build_records(
        [
            {
                "title": "FooNet: A Net",
                "abstract": "We propose FooNet. FooNet outperforms ResNet-50 by 2% top-1 accuracy on ImageNet.",
            },
            {
                "title": "A Study of Nets",
                "abstract": "We compare vision backbones. In our experiments, FooNet outperforms "
                "ResNet-50 by 3% on ImageNet, which confirms earlier reports.",
            },
        ]
    )
    path = g.to_html(tmp_path / "two.html")
    data = json_block(path.read_text())
    edge = max(data["edges"], key=lambda e: len(e["claims"]))
    assert len(edge["claims"]) == 2  # FooNet evaluated on ImageNet, claimed by both papers
    assert {c["title"] for c in edge["claims"]} == {"FooNet: A Net", "A Study of Nets"}
    context, page, errors = wide_page(path, f"#edge={edge['id']}")
    details = page.locator("#details").inner_text()
    assert f"({len(edge['claims'])} claims)" in details.lower()
    for claim in edge["claims"]:
        assert claim["evidence"][:40] in details and f"rule {claim['rule']}" in details
    assert errors == []
    page.screenshot(path=str(OUTPUT / "explorer-edge-claims.png"))
    context.close()


def test_html_view_and_depth_live_in_the_url(sample_graph, browser, tmp_path, wide_page):
    path = sample_graph.to_html(tmp_path / "sample.html")
    swin = sample_graph.find("Swin Transformer").iri
    context, page, errors = wide_page(path, "#view=lineage&depth=2&node=" + swin)
    assert page.evaluate("window.pgView") == "lineage" and page.evaluate("window.pgSelected") == swin
    assert page.evaluate("document.getElementById('depth').value") == "2"
    page.locator("input[name=view][value=explore]").check()
    assert "view=" not in page.url and "depth=2" in page.url
    assert errors == []
    context.close()


def test_html_show_everything_returns_to_the_views_own_layout(sample_graph, browser, tmp_path, wide_page):
    path = sample_graph.to_html(tmp_path / "lineage.html", view="lineage")
    swin = sample_graph.find("Swin Transformer").iri
    context, page, errors = wide_page(path, "#view=lineage&node=" + swin)
    before = page.evaluate(f"window.pgNetwork.getPositions([{swin!r}])[{swin!r}]")
    page.locator("#only").click()
    page.locator("#clear").click()
    after = page.evaluate(f"window.pgNetwork.getPositions([{swin!r}])[{swin!r}]")
    assert page.evaluate("window.pgView") == "lineage" and before == after
    assert errors == []
    context.close()


def test_html_new_since_rings_what_is_new_and_can_show_only_that(four_then_five_pages, open_page):
    """The page of `papergraph diff --html`: what the earlier build lacked is ringed, and one
    checkbox shows only it (new nodes and the nodes their new claims reach)."""
    old, new, page_path = four_then_five_pages
    page, problems, requests, _ = open_page(page_path)
    assert problems == [] and requests == []
    assert "new since" in page.locator("#new-since").inner_text() and page.locator("#new-since").is_visible()
    ringed = page.evaluate("DATA.nodes.filter(n => n.new).map(n => n.id)")
    assert ringed and page.evaluate(f"window.pgNetwork.body.nodes[{ringed[0]!r}].options.borderWidth") == 3
    page.screenshot(path=str(OUTPUT / "explorer-new-since.png"))
    everything = page.evaluate("window.pgNetwork.body.nodeIndices.length")
    page.locator("#only-new").check()
    page.wait_for_timeout(100)
    drawn = set(page.evaluate("window.pgNetwork.body.nodeIndices"))
    old_papers = {p.iri for p in old.papers()}
    assert 0 < len(drawn) < everything
    assert not any(n in old_papers for n in drawn if n.startswith(new.base + "paper/"))
    page.screenshot(path=str(OUTPUT / "explorer-only-new.png"))


@pytest.fixture(scope="module")
def four_then_five_pages(examples_dir, tmp_path_factory):
    from papergraph.views.html import NewSince

    pages = sorted(examples_dir.glob("*.txt"))
    old = PaperGraph.build(pages[:4])
    new = PaperGraph.build(pages)
    d = new.diff(old)
    since = NewSince("the four pages", frozenset(d.new_nodes()), frozenset(d.new_edges()))
    path = new.to_html(tmp_path_factory.mktemp("news") / "news.html", title="new since the four pages", new=since)
    return old, new, path


def test_html_dataset_details_show_its_leaderboard_and_edges_their_margin(open_page, tmp_path):
    g = PaperGraph.build_records(
        [
            {
                "title": "FooNet: Speech",
                "abstract": "We propose FooNet. FooNet reaches 5.2 WER on LibriSpeech, "
                "outperforming Conformer (6.0 WER).",
            },
            {"title": "BarNet: Speech", "abstract": "We propose BarNet. BarNet reaches 4.1 WER on LibriSpeech."},
        ]
    )
    page, problems, _, _ = open_page(g.to_html(tmp_path / "board.html"))
    dataset = page.evaluate("DATA.nodes.find(n => n.kind === 'dataset' && n.label === 'LibriSpeech').id")
    page.evaluate(f"window.pgNetwork.emit('click', {{nodes: [{dataset!r}], edges: []}})")
    rows = page.locator("#details table.board tr").all_inner_texts()
    assert [r.split("\t")[:3] for r in rows] == [
        ["wer", "BarNet", "4.1"],
        ["wer", "FooNet", "5.2"],
        ["wer", "Conformer", "6"],
    ]
    page.screenshot(path=str(OUTPUT / "explorer-leaderboard.png"))
    edge = page.evaluate("DATA.edges.find(e => e.relation === 'improvesOn').id")
    assert page.evaluate(f"window.pgNetwork.body.edges[{edge}].options.label") == "+0.8 wer"
    page.evaluate(f"window.pgNetwork.emit('click', {{nodes: [], edges: [{edge}]}})")
    assert "by +0.8 wer" in page.locator("#details").inner_text()
    assert problems == []


def test_html_a_large_graph_draws_its_most_important_nodes_first_and_everything_on_demand(
    sample_graph, open_page, tmp_path
):
    page, problems, _, _ = open_page(sample_graph.to_html(tmp_path / "big.html", load_limit=150))
    label = page.locator("#top-only-label")
    assert label.is_visible() and "150 most important" in label.inner_text()
    drawn = page.evaluate("window.pgNetwork.body.nodeIndices.length")
    assert 0 < drawn <= 150
    hidden = page.evaluate("DATA.nodes.filter(n => n.kind === 'method' && !drawn.has(n.id))[0].label")
    page.fill("#search", hidden)
    page.locator("#results li").first.click()
    assert hidden in page.locator("#details").inner_text()  # a searched node is drawn, with its neighbours
    page.locator("#top-only").uncheck()
    page.wait_for_timeout(100)
    assert page.evaluate("window.pgNetwork.body.nodeIndices.length") > drawn
    assert problems == []


def test_html_the_url_keeps_the_kinds_and_relations_drawn(sample_graph, wide_page, wait_until, tmp_path):
    path = sample_graph.to_html(tmp_path / "sample.html")
    context, page, errors = wide_page(path)
    page.locator("#kinds input[data-kind=concept]").check()
    page.locator("#relations input[data-kind=mentions]").uncheck()
    url = page.url
    assert "kinds=" in url and "concept" in url and "rels=" in url and "mentions" not in url.split("rels=")[1]
    again = context.new_page()
    again.goto(url)
    wait_until(again, "window.pgReady === true")
    assert again.locator("#kinds input[data-kind=concept]").is_checked()
    assert not again.locator("#relations input[data-kind=mentions]").is_checked()
    context.close()
    assert errors == []
