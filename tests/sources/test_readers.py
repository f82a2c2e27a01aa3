"""Readers: every layout and format to Paper records; bad records named by file and line."""

from __future__ import annotations

import codecs

import pytest

from papergraph import sources
from papergraph.errors import InputError
from papergraph.model import title_key


def test_sources_sample_corpus_counts(sample_corpus):
    assert sample_corpus.files == 5
    assert sample_corpus.listings == 399
    assert len(sample_corpus.papers) == 311
    assert sample_corpus.duplicates_merged == 88
    assert sample_corpus.problems == []
    assert all(p.title and p.abstract for p in sample_corpus.papers)


def test_sources_chrome_glued_to_first_title_is_dropped(sample_corpus):
    titles = {p.title for p in sample_corpus.papers}
    assert (
        "HodgeFormer: Transformers for Learnable Operators on Triangular Meshes through Data-Driven Hodge Matrices"
        in titles
    )
    assert not any(t.startswith("Subscribe") or t.startswith("Get trending") for t in titles)


def test_sources_metadata_lines_attach_to_their_paper(sample_corpus):
    by_title = {p.title: p for p in sample_corpus.papers}
    p = by_title["Program Merge Conflict Resolution via Neural Transformers"]
    assert (p.author_count, p.date, p.date_text) == (9, "2021-08-31", "Aug 31, 2021")
    survey = by_title[
        "A Comprehensive Survey of Mamba Architectures for Medical Image Analysis: Classification, Segmentation, Restoration and Beyond"
    ]
    assert survey.upvotes == 4


def test_sources_date_without_year_is_not_completed(sample_corpus):
    no_year = [p for p in sample_corpus.papers if p.date_text and p.date is None]
    assert no_year, "the corpus has dates like 'Apr 14'"
    assert all(len(p.date_text.split()) == 2 for p in no_year)


def test_sources_paper_on_several_pages_merges_its_sources(sample_corpus):
    merged = [p for p in sample_corpus.papers if len(p.sources) > 1]
    assert len(merged) > 0
    assert sum(len(p.sources) for p in sample_corpus.papers) == 399


@pytest.mark.parametrize(
    "text,fmt",
    [
        ('{"title": "T"}\n', "jsonl"),
        ('[{"title": "T"}]', "jsonl"),
        ("title,abstract\nT,A\n", "csv"),
        ("@article{k, title={T}}", "bibtex"),
        ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><id>http://arxiv.org/api/x</id>', "arxiv"),
        ('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A blog</title>', "feed"),
        ('<rss version="2.0"><channel><item><title>T</title></item></channel></rss>', "feed"),
        ('<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords>', "oai-pmh"),
        ("TY  - JOUR\nTI  - T\nER  - \n", "ris"),
        ('[{"paper": {"id": "2405.00001", "title": "T", "summary": "S"}}]', "hf-api"),
        ('{"id": "2405.00001", "title": "T", "summary": "S", "authors": []}', "hf-api"),
        ('[{"type": "article", "title": "T", "issued": {"date-parts": [[2021]]}}]', "csl-json"),
        ('{"version": "https://jsonfeed.org/version/1.1", "items": []}', "json-feed"),
        ("Title\n\nWe propose a model that reads listings well.", "hf"),
    ],
)
def test_sources_detects_format_from_content(text, fmt):
    assert sources.detect_format(text) == fmt


def test_sources_jsonl_bad_line_is_named_and_rest_loads():
    corpus = sources.load_texts(
        {"x.jsonl": '{"title": "One", "abstract": "a"}\n{"title": \n{"abstract": "no title"}\n{"title": "Two"}\n'}
    )
    assert [p.title for p in corpus.papers] == ["One", "Two"]
    assert [(e.path, e.line) for e in corpus.problems] == [("x.jsonl", 2), ("x.jsonl", 3)]


def test_sources_csv_reads_metadata_and_names_bad_rows():
    text = "title,abstract,date,authors,url\nA paper,Abs.,2024-02-03,X;Y,https://arxiv.org/abs/2402.00001v2\n,no title,,,\n"
    corpus = sources.load_texts({"t.csv": text})
    (p,) = corpus.papers
    assert (p.date, p.authors, p.arxiv_id) == ("2024-02-03", ("X", "Y"), "2402.00001")
    assert corpus.problems[0].line == 3


ATOM = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <entry>
    <id>http://arxiv.org/abs/2106.04560v2</id>
    <published>2021-06-08T17:59:00Z</published>
    <title>Scaling Vision
      Transformers</title>
    <summary>We scale ViT models.</summary>
    <author><name>Xiaohua Zhai</name></author>
    <link href="http://arxiv.org/abs/2106.04560v2" rel="alternate" type="text/html"/>
  </entry>
  <entry>
    <id>http://arxiv.org/abs/2010.11929v2</id>
    <title>An Image is Worth 16x16 Words</title>
"""


def test_sources_arxiv_feed_reads_entries_and_reports_truncation():
    corpus = sources.load_texts({"feed.xml": ATOM})
    (p,) = corpus.papers
    assert (p.title, p.arxiv_id, p.date, p.authors) == (
        "Scaling Vision Transformers",
        "2106.04560",
        "2021-06-08",
        ("Xiaohua Zhai",),
    )
    assert len(corpus.problems) == 1 and corpus.problems[0].path == "feed.xml"


BIB = """@comment{exported}
@article{vaswani2017,
  title = {Attention Is All You Need},
  author = {Vaswani, Ashish and Shazeer, Noam},
  year = 2017, month = jun,
  eprint = {1706.03762},
  abstract = {The dominant {sequence} transduction models...}
}
@inproceedings{broken,
  title = {Never closed,
@misc{dosovitskiy2020,
  title = "An Image is Worth 16x16 Words",
}
"""


def test_sources_bibtex_reads_fields_and_names_unclosed_entry():
    corpus = sources.load_texts({"refs.bib": BIB})
    titles = [p.title for p in corpus.papers]
    assert "Attention Is All You Need" in titles
    p = corpus.papers[0]
    assert p.arxiv_id == "1706.03762" and p.authors == ("Ashish Vaswani", "Noam Shazeer")
    assert p.date == "2017-06"  # year and month kept as a partial date
    assert p.abstract == "The dominant sequence transduction models..."
    assert any(e.line == 9 for e in corpus.problems)


def test_sources_same_paper_in_two_formats_is_one_paper(tmp_path):
    (tmp_path / "a.jsonl").write_text(
        '{"title": "Attention Is All You Need", "abstract": "x", "arxiv_id": "1706.03762"}\n'
    )
    (tmp_path / "b.bib").write_text("@article{k, title={Attention is all you need.}, year={2017}}\n")
    corpus = sources.load([tmp_path])
    assert len(corpus.papers) == 1 and corpus.duplicates_merged == 1


def test_sources_binary_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "image.bin"
    bad.write_bytes(b"\x89PNG\x00\x00\x01\x02")
    good = tmp_path / "ok.jsonl"
    good.write_text('{"title": "Still loads"}\n')
    corpus = sources.load([bad, good])
    assert [p.title for p in corpus.papers] == ["Still loads"]
    assert "binary" in str(corpus.problems[0]) and str(bad) in str(corpus.problems[0])


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.encode("latin-1"),
        lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"),
        lambda s: s.replace("\n", "\r\n").encode("utf-8"),
    ],
)
def test_sources_encodings_and_line_endings(tmp_path, encode):
    path = tmp_path / "page.txt"
    path.write_bytes(encode("Caf\u00e9 Transformers: A Study\n\nWe study caf\u00e9 models at length.\n"))
    corpus = sources.load([path])
    assert [p.title for p in corpus.papers] == ["Caf\u00e9 Transformers: A Study"]


def test_sources_listing_title_without_abstract_still_becomes_a_paper():
    text = (
        "First Title\n\n"
        + "An abstract long enough to be a paragraph. " * 10
        + "\n\nLonely Title\n\nThird Title\n\n"
        + "Another abstract that is long. " * 12
    )
    corpus = sources.load_texts({"p.txt": text})
    assert [p.title for p in corpus.papers] == ["First Title", "Lonely Title", "Third Title"]
    assert corpus.papers[1].abstract == ""
    assert corpus.problems[0].line == 5


def test_sources_empty_file_is_reported():
    corpus = sources.load_texts({"empty.txt": "   \n"})
    assert corpus.papers == [] and "empty" in str(corpus.problems[0])


def test_sources_title_key_folds_case_and_punctuation():
    assert title_key("BERT: Pre-training!") == title_key("bert  pre training")


def test_sources_input_error_message_names_file_and_line():
    assert str(InputError("bad", "f.txt", 3)) == "f.txt:3: bad"


def test_readers_bibtex_caret_command_and_a_modifier_letter_both_survive():
    # \textasciicircum is the ASCII caret; a U+02C6 the file holds is kept (found by hypothesis)
    from papergraph.sources import bibtex

    (paper,) = bibtex.read("@article{k, title = {00\u02c6 a\\textasciicircum{}b c\\textasciicircum d}}\n", "x.bib")
    assert paper.title == "00\u02c6 a^b c^d"


def test_readers_listing_page_chrome_is_matched_as_the_page_writes_it():
    # "Subscribe" is the page's button; a paper titled "SUBSCRIBE" is a paper (found by hypothesis)
    from papergraph.sources import hf_listing

    page = "Subscribe\n\nSUBSCRIBE\n\n" + "An abstract that is long enough to read as one, about a paper. " * 3
    assert [p.title for p in hf_listing.read(page, "page.txt")] == ["SUBSCRIBE"]
