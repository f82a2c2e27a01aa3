"""Each reader on a real-shaped sample (tests/data/inputs/README.md gives their sources):
what a user's file holds becomes papers with their metadata; bad records are named by file
and line and the rest loads; files in no format are refused, never read as listings."""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from papergraph import PaperGraph, sources
from papergraph.cli import main
from papergraph.errors import UnknownFormatError

INPUTS = os.path.join(os.path.dirname(__file__), "..", "data", "inputs")


def load(name: str):
    path = os.path.join(INPUTS, name)
    corpus = sources.load([path])
    return (
        corpus,
        {p.title: p for p in corpus.papers},
        [(os.path.basename(e.path or ""), e.line) for e in corpus.problems],
    )


@pytest.mark.parametrize(
    "name,fmt",
    [
        ("hf-daily-papers.json", "hf-api"),
        ("hf-paper.json", "hf-api"),
        ("zotero-csl.json", "csl-json"),
        ("endnote.ris", "ris"),
        ("oai-arxiv.xml", "oai-pmh"),
        ("oai-dc.xml", "oai-pmh"),
        ("arxiv-rss.xml", "feed"),
        ("papers-feed.json", "json-feed"),
        ("zotero.bib", "bibtex"),
    ],
)
def test_formats_each_sample_is_recognised_by_its_content(name, fmt):
    with open(os.path.join(INPUTS, name), encoding="utf-8") as f:
        assert sources.detect_format(f.read()) == fmt


def test_formats_hf_daily_papers_keep_abstract_id_authors_date_votes_and_code():
    corpus, by_title, problems = load("hf-daily-papers.json")
    p = by_title["DeepSeek-V2: A Strong, Economical, and Efficient Mixture-of-Experts Language Model"]
    assert p.abstract.startswith("We present DeepSeek-V2") and p.arxiv_id == "2405.04434"
    assert p.authors == ("DeepSeek-AI", "Aixin Liu") and p.date == "2024-05-07" and p.upvotes == 52
    assert p.code == "https://github.com/deepseek-ai/DeepSeek-V2"
    assert problems == [("hf-daily-papers.json", 40)]  # the item without a paper object


def test_formats_hf_github_repo_becomes_a_repository_of_the_paper():
    g = PaperGraph.build([os.path.join(INPUTS, "hf-paper.json")])
    (paper,) = g.papers()
    assert paper.repositories == ("https://github.com/microsoft/LoRA",) and paper.date == "2021-06-17"


def test_formats_csl_json_dates_of_every_precision_and_names():
    _, by_title, problems = load("zotero-csl.json")
    assert by_title["Mamba: Linear-Time Sequence Modeling with Selective State Spaces"].date == "2023-12-01"
    assert by_title["Mamba: Linear-Time Sequence Modeling with Selective State Spaces"].arxiv_id == "2312.00752"
    assert by_title["Deep Residual Learning for Image Recognition"].date == "2016"
    assert by_title["GPT-4 Technical Report"].date == "2023-03"
    assert by_title["GPT-4 Technical Report"].authors == ("OpenAI",)
    assert by_title["Deep Residual Learning for Image Recognition"].authors == ("Kaiming He", "Xiangyu Zhang")
    assert problems == [("zotero-csl.json", 34)]


def test_formats_ris_records_lines_and_bad_records():
    _, by_title, problems = load("endnote.ris")
    vit = by_title["An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale"]
    assert vit.authors == ("Alexey Dosovitskiy", "Lucas Beyer") and vit.date == "2020-10-22"
    assert vit.arxiv_id == "2010.11929"
    assert by_title["BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"].date == "2019"
    assert problems == [("endnote.ris", 19), ("endnote.ris", 24)]


def test_formats_oai_pmh_arxiv_and_dublin_core():
    corpus, by_title, problems = load("oai-arxiv.xml")
    attention = by_title["Attention Is All You Need"]
    assert attention.arxiv_id == "1706.03762" and attention.date == "2017-06-12"
    assert attention.authors == ("Ashish Vaswani", "Noam Shazeer")
    assert "Transformer, based solely on attention" in attention.abstract
    assert len(corpus.papers) == 2 and problems == [("oai-arxiv.xml", 27)]  # the deleted record
    _, by_title, _ = load("oai-dc.xml")
    swin = by_title["Swin Transformer: Hierarchical Vision Transformer using Shifted Windows"]
    assert swin.arxiv_id == "2103.14030" and swin.date == "2021-03-25" and swin.authors == ("Ze Liu", "Yutong Lin")


def test_formats_arxiv_rss_drops_the_announce_prefix_and_splits_creators():
    _, by_title, problems = load("arxiv-rss.xml")
    p = by_title["Better & Faster Large Language Models via Multi-token Prediction"]
    assert p.abstract.startswith("Large language models such as GPT") and p.arxiv_id == "2404.19737"
    assert p.authors == ("Fabian Gloeckle", "Badr Youbi Idrissi") and p.date == "2024-05-03"
    assert problems == []


def test_formats_json_feed():
    _, by_title, problems = load("papers-feed.json")
    p = by_title["LLaMA: Open and Efficient Foundation Language Models"]
    assert p.arxiv_id == "2302.13971" and p.date == "2023-02-27" and p.authors[0] == "Hugo Touvron"
    assert problems == [("papers-feed.json", 15)]


def test_formats_bibtex_latex_macros_urls_and_partial_dates():
    _, by_title, problems = load("zotero.bib")
    deceptive = next(p for t, p in by_title.items() if t.startswith("Uncovering Deceptive"))
    assert deceptive.authors == ("Olli Järviniemi", "Evan Hubinger") and deceptive.date == "2024-05"
    assert "assistant – with tasks" in deceptive.abstract and deceptive.arxiv_id == "2405.01576"
    bounds = next(p for t, p in by_title.items() if t.startswith("Tight Bounds"))
    assert bounds.title == "Tight Bounds of 𝒪(n log n) for Naïve Sorting in Straße Networks"
    assert bounds.url == "https://github.com/example/eval_awareness" and bounds.authors == ("Jörg Müller",)
    assert by_title["Attention is All you Need"].date == "2017"
    assert "The Entry After a Broken One Still Loads" in by_title
    assert problems == [("zotero.bib", 39)]


def test_formats_bibtex_string_macros_are_expanded():
    from papergraph.sources.bibtex import expand_concatenation

    assert expand_concatenation('neurips # " 30"', {"neurips": "NeurIPS"}) == "NeurIPS 30"
    assert expand_concatenation("{A # B}", {}) == "{A # B}"


def test_formats_same_paper_from_bibtex_and_jsonl_merges(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"title": "Naïve Bayes Revisited", "abstract": "x"}\n', encoding="utf-8")
    (tmp_path / "b.bib").write_text('@misc{k, title = {Na{\\"\\i}ve {Bayes} Revisited}, year = {2021}}\n')
    corpus = sources.load([tmp_path])
    assert [(p.title, p.date) for p in corpus.papers] == [("Naïve Bayes Revisited", "2021")]


def test_formats_partial_dates_count_in_date_queries(tmp_path):
    (tmp_path / "refs.bib").write_text(
        "@misc{a, title = {YearOnly: A Year}, abstract = {We propose YearOnly, a model.}, year = {2023}}\n"
        "@misc{b, title = {MonthNet: A Month}, abstract = {We propose MonthNet, a model.}, year = {2023}, month = jun}\n"
        "@misc{c, title = {DayNet: A Day}, abstract = {We propose DayNet, a model.}, date = {2022-02-03}}\n"
    )
    g = PaperGraph.build([tmp_path])
    assert g.validate()[0]
    introduced = g.named("methods-introduced", **{"from": "2023-01-01", "to": "2023-12-31"}).rows
    assert sorted(r["method"] for r in introduced) == ["MonthNet", "YearOnly"]
    assert [r["title"][:7] for r in g.named("proposals").rows] == ["MonthNe", "YearOnl", "DayNet:"]
    assert [p.title[:7] for p in g.papers(since="2023-03-01")] == ["YearOnl", "MonthNe"]
    types = {r["t"] for r in g.query("SELECT (DATATYPE(?d) AS ?t) WHERE { ?p dcterms:date ?d }")}
    assert {t.rsplit("#", 1)[1] for t in types} == {"gYear", "gYearMonth", "date"}


def test_formats_an_undated_arxiv_paper_is_dated_by_its_identifier(tmp_path):
    (tmp_path / "a.jsonl").write_text(
        '{"title": "Undated", "abstract": "x", "url": "https://arxiv.org/abs/2106.04560v2"}\n'
        '{"title": "Dated", "abstract": "x", "url": "https://arxiv.org/abs/2106.04561", "date": "2021-08-02"}\n'
        '{"title": "Old Style", "abstract": "x", "arxiv_id": "hep-th/9901001"}\n'
        '{"title": "No Identifier", "abstract": "x", "url": "https://example.org/2106.04562"}\n',
        encoding="utf-8",
    )
    dates = {p.title: p.date for p in sources.load([tmp_path]).papers}
    assert dates == {"Undated": "2021-06", "Dated": "2021-08-02", "Old Style": "1999-01", "No Identifier": None}


@pytest.mark.parametrize(
    "content",
    [
        "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n",
        '<?xml version="1.0"?><html><body><p>Not a feed</p></body></html>',
        "# A README\n\nSome words about this folder of papers, written for people.\n",
        '{"name": "package.json", "version": "1.0.0"}',
    ],
)
def test_formats_a_file_in_no_format_is_refused_with_exit_2(tmp_path, content):
    path = tmp_path / "unknown.dat"
    path.write_text(content)
    with pytest.raises(UnknownFormatError, match="unknown.dat"):
        PaperGraph.build([path])
    result = CliRunner().invoke(main, ["build", str(path), "--graph", str(tmp_path / "g")])
    assert result.exit_code == 2 and "unknown.dat" in result.output and "not a format papergraph reads" in result.output
    assert not (tmp_path / "g").exists()


def test_formats_a_symlink_inside_a_folder_is_not_followed(tmp_path, examples_dir):
    folder = tmp_path / "papers"
    folder.mkdir()
    (folder / "passwd").symlink_to("/etc/passwd")
    (folder / "ok.jsonl").write_text('{"title": "Still Loads", "abstract": "We read this file."}\n')
    corpus = sources.load([folder])
    assert [p.title for p in corpus.papers] == ["Still Loads"]
    assert any("symbolic link" in str(p) and "passwd" in str(p) for p in corpus.problems)


def test_formats_arxiv_format_on_a_non_atom_file_is_an_error():
    corpus = sources.load_texts({"x.xml": "<rss><channel></channel></rss>"}, fmt="arxiv")
    assert corpus.papers == [] and "not an Atom feed" in str(corpus.problems[0])


def test_formats_build_summary_says_why_records_were_skipped(tmp_path):
    files = [os.path.join(INPUTS, f) for f in sorted(os.listdir(INPUTS)) if not f.endswith(".md")]
    result = CliRunner().invoke(main, ["build", *files, "--graph", str(tmp_path / "g"), "--quiet"])
    assert result.exit_code == 0, result.output
    assert "9 files read" in result.output and "7 records skipped or flagged" in result.output
    assert "2 × record has no title; record skipped" in result.output
    assert "1 × record … is deleted in the repository; record skipped" in result.output


def test_formats_a_folder_with_a_file_in_no_format_is_refused_by_name():
    result = CliRunner().invoke(main, ["build", INPUTS, "--graph", "/nonexistent/never-built"])
    assert result.exit_code == 2 and "README.md" in result.output and "not a format papergraph reads" in result.output


def test_formats_paper_records_are_read_and_cleaned_like_dicts():
    from papergraph import Paper

    corpus = sources.load_records(
        [Paper("Foo\x00Net: Sparse Kernels", "We propose FooNet."), {"title": "FooNet: Sparse Kernels"}]
    )
    assert [(p.title, p.sources) for p in corpus.papers] == [("FooNet: Sparse Kernels", ("<records>:1",))]  # merged
    assert corpus.problems == []
