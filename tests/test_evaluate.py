"""`papergraph evaluate` and the extraction-quality floor on the development set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from papergraph import InputError
from papergraph.evaluate import evaluate, load_gold

SHARED_SCORER = Path(__file__).resolve().parents[2] / "shared" / "eval" / "score.py"

#: The dev-set F1 that extraction reached; a change that drops below fails. Raise, never lower.
#: (The concept ranking's weights are fitted on this set: its cross-validated F1 is lower, .358.)
FLOOR = {
    "proposes": 0.90,
    "methods": 0.885,
    "all_methods": 0.91,
    "datasets": 0.92,
    "repositories": 0.98,
    "improves_on": 0.84,
    "evaluated_on": 0.90,
    "concepts": 0.38,
}
# improves_on .83 -> .81: the relation decision refitted on both sets keeps "M2 matches BERT-base
# and BERT-large with fewer parameters" for both models where dev annotates one pair (external-dev .76 -> .77).


#: The same on external-dev (90 papers from outside the corpus, tests/data/README.md), where the
#: rules were not written: the figure a user's own papers get. Raise, never lower.
EXTERNAL_FLOOR = {
    "proposes": 0.86,
    "methods": 0.86,
    "all_methods": 0.88,
    "datasets": 0.92,
    "repositories": 0.98,
    "improves_on": 0.83,
    "evaluated_on": 0.85,
    "concepts": 0.36,
}


#: GSAP-NER, names only: 93 machine-learning abstracts annotated by others (Otto et al. 2023),
#: beside this clone in ../shared/benchmarks/gsap-ner and never copied into it (no licence to
#: ship). Its conventions differ from ours (an acronym and its long form are two names), so it
#: checks that extraction carries over, not that it agrees. Raise, never lower.
GSAP = SHARED_SCORER.parents[1] / "benchmarks" / "gsap-ner"
GSAP_FLOOR = {"all_methods": 0.70, "datasets": 0.83}


@pytest.mark.parametrize("field", GSAP_FLOOR)
def test_evaluate_gsap_ner_names_do_not_regress(gsap_scores, field):
    assert gsap_scores[field]["f1"] >= GSAP_FLOOR[field], gsap_scores[field]


@pytest.fixture(scope="module")
def gsap_scores():
    if not GSAP.exists():
        pytest.skip("../shared/benchmarks/gsap-ner is not beside this clone")
    from papergraph import PaperGraph

    graph = PaperGraph.build([GSAP / "abstracts.jsonl"])
    return evaluate(graph, load_gold([GSAP / "gold.jsonl"]))


@pytest.fixture(scope="module")
def external_scores(external_graph, data_dir):
    return evaluate(external_graph, load_gold([data_dir / "external-dev.jsonl"]))


@pytest.mark.parametrize("field", EXTERNAL_FLOOR)
def test_evaluate_external_dev_set_does_not_regress(external_scores, field):
    assert external_scores[field]["f1"] >= EXTERNAL_FLOOR[field], external_scores[field]


@pytest.fixture(scope="module")
def dev_scores(sample_graph, data_dir):
    return evaluate(sample_graph, load_gold([data_dir / "dev.jsonl"]))


@pytest.mark.parametrize("field", FLOOR)
def test_evaluate_dev_set_does_not_regress(dev_scores, field):
    assert dev_scores[field]["f1"] >= FLOOR[field], dev_scores[field]


def test_evaluate_matches_the_shared_scorer(sample_graph, data_dir, tmp_path, dev_scores):
    if not SHARED_SCORER.exists():
        pytest.skip("../shared/eval/score.py is not beside this clone")
    import subprocess
    import sys

    ttl = tmp_path / "g.ttl"
    sample_graph.serialize(ttl, "ttl")
    out = subprocess.run(
        [sys.executable, str(SHARED_SCORER), "--graph", str(ttl), "--gold", str(data_dir / "dev.jsonl"), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    theirs = json.loads(out.stdout)["fields"]
    for field, row in theirs.items():
        assert (row["tp"], row["fp"], row["fn"]) == (
            dev_scores[field]["tp"],
            dev_scores[field]["fp"],
            dev_scores[field]["fn"],
        ), field


def test_evaluate_pairs_and_urls_match_by_guideline_rules(tiny_graph):
    gold = [
        {
            "title": "FooNet: Fast Image Classification with Sparse Kernels",
            "proposes": [{"name": "FooNet", "aliases": []}],
            "improves_on": [["FooNet", "ResNet-50"], ["FooNet", "vision transformers"]],
            "evaluated_on": [["FooNet", "CIFAR10"]],
            "repositories": ["https://github.com/example/foonet."],
        }
    ]
    table = evaluate(tiny_graph, gold)
    assert table["improves_on"]["tp"] == 2  # "Vision Transformer" is a known alias of ViT
    assert table["repositories"]["f1"] == 1.0 and table["evaluated_on"]["tp"] == 1


def test_evaluate_paper_as_subject_counts_for_its_named_method():
    from papergraph import PaperGraph

    g = PaperGraph.build_records(
        [{"title": "Better Kernels", "abstract": "We reach 81% accuracy on ImageNet with our approach."}]
    )
    gold = [
        {"title": "Better Kernels", "proposes": [{"name": "BK", "aliases": []}], "evaluated_on": [["BK", "ImageNet"]]}
    ]
    assert evaluate(g, gold)["evaluated_on"]["tp"] == 1


def test_evaluate_bad_gold_line_names_file_and_line(tmp_path):
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"title": "ok"}\n{nope\n')
    with pytest.raises(InputError, match=r"gold.jsonl:2"):
        load_gold([bad])


def test_evaluate_details_name_each_papers_misses_and_false_hits(tmp_path):
    from click.testing import CliRunner

    from papergraph import PaperGraph
    from papergraph.cli import main

    PaperGraph.build_records(
        [
            {
                "title": "FooNet: X",
                "abstract": "We propose FooNet. FooNet outperforms BarNet on ImageNet. Experiments on COCO show gains.",
            }
        ],
        tmp_path / "g",
    )
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "title": "FooNet: X",
                "proposes": [{"name": "FooNet", "aliases": []}],
                "datasets": [{"name": "COCO", "aliases": []}, {"name": "Cityscapes", "aliases": []}],
                "improves_on": [["FooNet", "BazNet"]],
            }
        )
        + "\n"
    )
    out = CliRunner().invoke(
        main, ["evaluate", "--graph", str(tmp_path / "g"), "--gold", str(gold), "--details", "--json"]
    )
    assert out.exit_code == 0, out.output
    report = json.loads(out.output)
    (paper,) = report["details"]
    assert paper["title"] == "FooNet: X"
    assert paper["missed"]["datasets"] == ["Cityscapes"] and paper["false"]["datasets"] == ["ImageNet"]
    assert paper["missed"]["improves_on"] == [["FooNet", "BazNet"]]
    assert paper["false"]["improves_on"] == [["FooNet", "BarNet"]]
    assert "proposes" not in paper["missed"] and "proposes" not in paper["false"]
    # the details account for the counts exactly
    fields = report["fields"]
    assert fields["datasets"]["fn"] == 1 and fields["datasets"]["fp"] == 1
    text = CliRunner().invoke(main, ["evaluate", "--graph", str(tmp_path / "g"), "--gold", str(gold), "--details"])
    assert "  improves_on   false:  FooNet -> BarNet" in text.output


SHARED_RESULTS_SCORER = SHARED_SCORER.parent / "score_results.py"

#: Results and comparisons (issue 23) as ../shared/eval/score_results.py scores them: F1 and
#: precision reached; raise, never lower.
# dev comparisons P .86 -> .78 (7 of 9): "M2 matches BERT-base and BERT-large ... with up to 27%
# fewer parameters, and achieves up to 9.1x higher throughput" is now one claim on BERT per margin;
# the gold takes the 27% and not the 9.1x
RESULTS_FLOOR = {
    "dev": {"results": (0.77, 0.90), "comparisons": (0.70, 0.75)},
    "external-dev": {"results": (0.77, 0.90), "comparisons": (0.66, 0.95)},
}


@pytest.mark.parametrize("which", RESULTS_FLOOR)
def test_evaluate_results_and_comparisons_do_not_regress(which, sample_graph, external_graph, data_dir, tmp_path):
    if not SHARED_RESULTS_SCORER.exists():
        pytest.skip("../shared/eval/score_results.py is not beside this clone")
    import subprocess
    import sys

    ttl = tmp_path / "g.ttl"
    (sample_graph if which == "dev" else external_graph).serialize(ttl, "ttl")
    out = subprocess.run(
        [
            sys.executable,
            str(SHARED_RESULTS_SCORER),
            "--graph",
            str(ttl),
            "--json",
            "--gold",
            str(data_dir / f"results-{which}.jsonl"),
            "--entities",
            str(data_dir / f"{which}.jsonl"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    fields = json.loads(out.stdout)["fields"]
    for field, (f1, precision) in RESULTS_FLOOR[which].items():
        assert fields[field]["f1"] >= f1 and fields[field]["precision"] >= precision, (field, fields[field])
