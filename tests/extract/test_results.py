"""Numbers in abstracts: results tied to their method and dataset, margins of improvements;
never a count, a size, a share, a bound or a year."""

from __future__ import annotations

import pytest

from papergraph import PaperGraph
from papergraph.extract import extract_paper
from papergraph.extract.results import lower_is_better, normalise_metric
from papergraph.model import Paper


def numbers(abstract: str, title: str = "FooNet: Sparse Kernels"):
    f = extract_paper(Paper(title, abstract))
    return {(r.method, r.dataset, r.metric, r.value) for r in f.results}, f


def test_results_both_sides_of_a_comparison_and_its_margin():
    found, f = numbers(
        "We propose FooNet. FooNet reaches 83.2% top-1 accuracy on ImageNet, outperforming DeiT (81.8%)."
    )
    assert found == {("FooNet", "ImageNet", "top-1 accuracy", 83.2), ("DeiT", "ImageNet", "top-1 accuracy", 81.8)}
    (rel,) = [r for r in f.relations if r.predicate == "improvesOn"]
    assert (rel.object, rel.margin, rel.margin_kind, rel.on_dataset) == ("DeiT", 1.4, "absolute", "ImageNet")


def test_results_each_number_on_the_dataset_it_is_said_to_be_on():
    found, _ = numbers("We propose FooNet. FooNet achieves 87.5% top-1 accuracy on ImageNet, 99.4% on CIFAR-10.")
    assert {(d, v) for _, d, _, v in found} == {("ImageNet", 87.5), ("CIFAR-10", 99.4)}


@pytest.mark.parametrize(
    "abstract",
    [
        "We propose FooNet, with 7.5B parameters, trained on ImageNet.",  # a size
        "We propose FooNet. FooNet uses 50% of the parameters of ResNet-50 on ImageNet.",  # a share
        "We propose FooNet. FooNet reaches >80% accuracy on ImageNet.",  # a bound
        "We propose FooNet. FooNet outperforms ResNet-50 by 2.1% accuracy on ImageNet.",  # a margin
        "We propose FooNet, released in 2023, evaluated on ImageNet.",  # a year
        "We propose FooNet. FooNet reaches 83.2% top-1 accuracy.",  # no dataset named
        "We propose FooNet. FooNet achieves a 73% on-chip energy footprint reduction on ImageNet.",  # a change
        "We propose FooNet. On ImageNet, FooNet beats DeiT by 0.3%/1.1% accuracy with 35%/52% fewer parameters.",
        "We propose FooNet. FooNet outperforms ResNet-50 by at least 2.34% and 11.64% on ImageNet.",  # margins
    ],
)
def test_results_a_number_that_is_no_result_is_left_out(abstract):
    assert numbers(abstract)[0] == set()


@pytest.mark.parametrize(
    "sentence,margin,kind",
    [
        ("FooNet outperforms ResNet-50 by 2.1% accuracy on ImageNet.", 2.1, "absolute"),
        ("FooNet is 5x faster than ResNet-50 on ImageNet.", 5.0, "factor"),
        ("FooNet outperforms ResNet-50 on ImageNet, reducing the error by 20%.", 20.0, "relative"),
        ("FooNet outperforms ResNet-50 and halves its latency.", 2.0, "factor"),
        ("FooNet outperforms ResNet-50 with a 38% relative improvement on ImageNet.", 38.0, "relative"),
    ],
)
def test_results_margins_of_an_improvement(sentence, margin, kind):
    _, f = numbers("We propose FooNet. " + sentence)
    rels = [r for r in f.relations if r.predicate == "improvesOn" and r.object == "ResNet-50"]
    assert rels and (rels[0].margin, rels[0].margin_kind) == (margin, kind)


def test_results_metric_spellings_and_directions_are_data():
    assert normalise_metric("acc@1") == normalise_metric("Top-1 Acc") == "top-1 accuracy"
    assert lower_is_better("wer") and lower_is_better("fid") and not lower_is_better("bleu")


def test_results_we_report_the_headline_method_of_several_proposed():
    # the paper proposes BarAttention and FooNet; its claims (and its title) are FooNet's
    found, _ = numbers(
        "We introduce BarAttention (BA), a sparse attention. We then introduce FooNet, built upon BA. "
        "FooNet outperforms ResNet-50 on ImageNet. Our large model reaches 84.1% top-1 accuracy on ImageNet."
    )
    assert found == {("FooNet", "ImageNet", "top-1 accuracy", 84.1)}


def test_results_a_variant_written_is_a_name_of_the_method():
    g = PaperGraph.build_records(
        [
            {
                "title": "FooNet: Sparse Kernels",
                "abstract": "We propose FooNet. Our smallest model, FooNet-L1, "
                "achieves 79.2% top-1 accuracy on ImageNet, and FooNet-L7 obtains 83.3% on ImageNet.",
            }
        ]
    )
    rows = g.query("SELECT ?v ?alias WHERE { ?r pg:value ?v ; pg:method ?m . ?m skos:altLabel ?alias }").rows
    assert {(float(r["v"]), r["alias"]) for r in rows} >= {(79.2, "FooNet-L1"), (83.3, "FooNet-L7")}


def test_results_both_values_of_a_versus_pair():
    found, _ = numbers(
        "We propose FooNet. Compared to RoBERTa, FooNet performs better, achieving improvements on MNLI by "
        "+0.9% (90.2% vs. 91.1%)."
    )
    assert found == {("RoBERTa", "MultiNLI", "", 90.2), ("FooNet", "MultiNLI", "", 91.1)}


def test_results_a_number_after_an_unknown_name_is_nobodys():
    found, _ = numbers(
        "We propose FooNet. Our model reaches 79.2% top-1 accuracy on ImageNet, as fast as "
        "MobileNetV9x1.4 (74.7% top-1)."
    )
    assert found == {("FooNet", "ImageNet", "top-1 accuracy", 79.2)}


def test_results_decimals_do_not_end_a_we_achieve_clause():
    found, _ = numbers("We propose FooNet. Using FooNet and DINO, we achieved 64.3 and 64.4 mAP on COCO.")
    assert {m for m, *_ in found} == {"FooNet"} and len(found) == 2


def margins_of(abstract: str):
    f = extract_paper(Paper("FooNet: Sparse Kernels", abstract))
    return {(r.object, r.margin, r.margin_kind, r.on_dataset) for r in f.relations if r.predicate == "improvesOn"}


@pytest.mark.parametrize(
    "abstract,expected",
    [
        (  # an accuracy margin and an efficiency factor, both of one claim
            "We propose FooNet. FooNet outperforms ResNet-50 by 8.7% on ImageNet with 54x fewer trainable parameters.",
            {("ResNet-50", 8.7, "absolute", "ImageNet"), ("ResNet-50", 54.0, "factor", "ImageNet")},
        ),
        (  # a list of margins after "by", each on the dataset it is in
            "We propose FooNet. FooNet is ahead of ResNet-50 by 1.6% box AP on COCO, 1.4% mask AP on LVIS, "
            "and 1.2% mIoU on ADE20K.",
            {
                ("ResNet-50", 1.6, "absolute", "COCO"),
                ("ResNet-50", 1.4, "absolute", "LVIS"),
                ("ResNet-50", 1.2, "absolute", "ADE20K"),
            },
        ),
        (  # shares and fractions
            "We propose FooNet. FooNet outperforms ResNet-50 by 2.8 F1 on ImageNet with 28% fewer parameters and "
            "less than 1/4 training cost.",
            {
                ("ResNet-50", 2.8, "absolute", "ImageNet"),
                ("ResNet-50", 28.0, "relative", "ImageNet"),
                ("ResNet-50", 4.0, "factor", "ImageNet"),
            },
        ),
        (  # a factor against something else is not this claim's
            "We propose FooNet. FooNet outperforms ResNet-50 on ImageNet while being 10x smaller than other transformers.",
            {("ResNet-50", None, None, None)},
        ),
    ],
)
def test_results_every_margin_of_a_claim(abstract, expected):
    assert margins_of(abstract) == expected


def test_results_an_improvement_said_again_with_numbers_gets_its_margin():
    found = margins_of(
        "We propose FooNet. FooNet improves over ResNet-50 on many tasks. "
        "On ImageNet, FooNet outperforms ResNet-50 by 1.2% top-1 accuracy."
    )
    assert ("ResNet-50", 1.2, "absolute", "ImageNet") in found


def test_results_a_dataset_where_a_gain_is_measured_stays_a_dataset():
    found, _ = numbers(
        "We propose FooNet. Compared to RoBERTa, FooNet performs better, achieving improvements on MNLI by +0.9% "
        "(90.2% vs. 91.1%) and RACE by +3.6% (83.2% vs. 86.8%)."
    )
    assert ("FooNet", "RACE", "", 86.8) in found and ("RoBERTa", "RACE", "", 83.2) in found


def test_results_what_a_model_was_pretrained_on_is_not_where_it_was_measured():
    found, _ = numbers(
        "We propose FooNet. FooNet obtains 86.3% only using ImageNet-1K, outperforming ViT-L with supervised "
        "pre-training on ImageNet-22K (85.2%)."
    )
    assert {(m, d, v) for m, d, _, v in found} == {("FooNet", "ImageNet", 86.3), ("ViT-L", "ImageNet", 85.2)}
