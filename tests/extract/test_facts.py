"""Per-document facts: relation candidates and their features, proposals of known and variant names."""

from __future__ import annotations

import re

import pytest

from papergraph.extract import extract_paper
from papergraph.extract.facts import doc_facts
from papergraph.extract.pipeline import build_nlp, paper_text, process
from papergraph.model import Paper


def _candidates(title, abstract):
    nlp = build_nlp()
    doc = process(nlp, paper_text(Paper(title, abstract)))
    out: list = []
    doc_facts(doc, nlp.get_pipe("pg_facts").rules, out)
    return out


def test_facts_candidates_carry_features_and_never_a_name():
    cands = _candidates("FooNet: X", "We propose FooNet. FooNet outperforms ResNet-50 and BarNet-2 on ImageNet.")
    assert {c.relation.predicate for c in cands} == {"improvesOn", "evaluatedOn"}
    for c in cands:
        assert all(re.fullmatch(r"[a-z_0-9]+", k) for k in c.features)
        assert not any(name.lower() in " ".join(c.features) for name in ("foonet", "resnet", "imagenet"))


def test_facts_a_known_name_is_proposed_as_the_verbs_object_and_whole():
    pf = extract_paper(Paper("Per-Pixel Classification Is Not All You Need", "We propose MaskFormer, a simple model."))
    assert ("MaskFormer", "proposes") in {(m.name, m.role) for m in pf.mentions}
    pf = extract_paper(
        Paper("A Backbone", "This paper presents a new vision Transformer, called Swin Transformer, that works.")
    )
    assert ("Swin Transformer", "proposes") in {(m.name, m.role) for m in pf.mentions}


def test_facts_size_variants_of_a_proposal_are_proposed():
    pf = extract_paper(
        Paper(
            "StarCoder 2: The Next Generation",
            "We introduce StarCoder 2. StarCoder2-15B outperforms CodeLlama-34B on math benchmarks.",
        )
    )
    proposed = {m.name for m in pf.mentions if m.role == "proposes"}
    assert {"StarCoder 2", "StarCoder2-15B"} <= proposed
    assert ("StarCoder2-15B", "improvesOn", "CodeLlama-34B") in {
        (r.subject, r.predicate, r.object) for r in pf.relations
    }


def test_facts_a_size_of_a_known_family_is_a_method_where_the_family_is_never_written_alone():
    """ "T5-Base" is a size of T5 even in a paper that never writes "T5" by itself."""
    f = extract_paper(Paper("SwitchNet: Sparse Experts", "We design models based off T5-Base and T5-Large."))
    assert {"T5-Base", "T5-Large"} <= {m.name for m in f.mentions if m.kind == "method"}


def test_facts_improves_on_is_a_comparison():
    f = extract_paper(Paper("BazFormer: Attention", "We present BazFormer. BazFormer improves on Longformer on LRA."))
    assert ("BazFormer", "improvesOn", "Longformer") in {(r.subject, r.predicate, r.object) for r in f.relations}


@pytest.mark.parametrize(
    "abstract,name",
    [
        ("We study attention on phones. The improved model, BazViTV2, is state-of-the-art on ImageNet.", "BazViTV2"),
        (
            "We present three techniques: 1) a post-norm; 2) a log-spaced bias; 3) A self-supervised "
            "pre-training method, SimQux, to reduce the need for labels.",
            "SimQux",
        ),
    ],
)
def test_facts_a_name_set_off_after_the_papers_own_model_is_proposed(abstract, name):
    pf = extract_paper(Paper("A Study of Efficient Vision Models", abstract))
    assert (name, "proposes") in {(m.name, m.role) for m in pf.mentions}


def test_facts_a_name_set_off_after_another_model_is_not_proposed():
    pf = extract_paper(Paper("A Study", "We compare with a strong model, BarNetV2, on ImageNet."))
    assert ("BarNetV2", "proposes") not in {(m.name, m.role) for m in pf.mentions}


def _methods(pf):
    return {m.name: m for m in pf.mentions if m.kind == "method"}


def test_facts_a_configuration_beside_its_model_is_that_model():
    pf = extract_paper(
        Paper(
            "FooBERT: X",
            "We propose FooBERT. FooBERT improves on BERT and RoBERTa. Compared to RoBERTa-Large, FooBERT "
            "is better. FooBERTbase reaches 86.4 GLUE score, 0.7 higher than ELECTRAbase.",
        )
    )
    methods = _methods(pf)
    assert "RoBERTa-Large" not in methods and "RoBERTa-Large" in methods["RoBERTa"].aliases
    assert "FooBERTbase" in methods["FooBERT"].aliases and methods["FooBERT"].role == "proposes"
    assert "ELECTRAbase" in methods  # its model is never named alone: it keeps its name
    assert ("FooBERTbase", "GLUE", 86.4) in {(r.method_as_written or r.method, r.dataset, r.value) for r in pf.results}


def test_facts_the_papers_model_under_other_spellings_and_on_other_models_is_its_own():
    pf = extract_paper(
        Paper(
            "StarCoder 2 and The Stack v2: The Next Generation",
            "We introduce StarCoder 2 and The Stack v2. StarCoder2 is trained on 3.3 trillion tokens.",
        )
    )
    methods = _methods(pf)
    assert "v2" not in methods and "StarCoder2" not in methods
    assert methods["StarCoder 2"].role == "proposes" and "StarCoder2" in methods["StarCoder 2"].aliases
    pf = extract_paper(
        Paper("Hedgehog: Linear Attentions", "We turn Llama-2 7B into Hedgehog-Llama2, which beats Llama-2 7B.")
    )
    methods = _methods(pf)
    assert "Hedgehog-Llama2" not in methods and "Hedgehog-Llama2" in methods["Hedgehog"].aliases


def test_facts_pronouns_take_the_system_they_stand_for():
    pf = extract_paper(
        Paper(
            "FooCoder: Code Models",
            "We train FooCoder-3B and FooCoder-15B. Our large model, FooCoder-15B, outperforms other models of "
            "comparable size. In addition, it matches or outperforms BarLM-34B, a model twice its size. "
            "Although BazCoder-33B is the best model at completion, we find that FooCoder-15B outperforms it on math.",
        )
    )
    pairs = {(r.subject, r.object) for r in pf.relations if r.predicate == "improvesOn"}
    assert ("FooCoder-15B", "BarLM-34B") in pairs
    assert ("FooCoder-15B", "BazCoder-33B") in pairs


def test_facts_names_before_a_model_noun_and_sizes_in_billions_are_methods():
    pf = extract_paper(
        Paper(
            "RecurrentGemma: Open Models",
            "We introduce RecurrentGemma, which uses the novel Griffin architecture. The recently-proposed "
            "Perceiver model is slow. Both models achieve comparable performance to Gemma-2B. Images come from "
            "the YFCC-100M Flickr dataset. A Question Answering model is used.",
        )
    )
    methods = _methods(pf)
    assert {"Griffin", "Perceiver", "Gemma-2B"} <= set(methods)
    assert "YFCC-100M" not in methods and "Answering" not in methods


def test_facts_an_abbreviation_said_in_words_is_the_proposal():
    pf = extract_paper(
        Paper(
            "On Looped Models",
            "We design a novel transformer block, dubbed Algorithm Transformer (abbreviated as AlgoFormer).",
        )
    )
    methods = _methods(pf)
    assert methods["AlgoFormer"].role == "proposes" and "Algorithm Transformer" in methods["AlgoFormer"].aliases
    assert "Algorithm" not in methods


def test_facts_generic_plurals_are_no_methods():
    pf = extract_paper(
        Paper(
            "FooNet: Scaling",
            "Convolutional Neural Networks (ConvNets) are scaled up. FooNet is better than previous ConvNets.",
        )
    )
    assert not {"ConvNet", "ConvNets"} & set(_methods(pf))


def test_facts_data_named_in_passing_is_a_dataset_and_what_is_fine_tuned_on_is_evaluated_on():
    pf = extract_paper(
        Paper(
            "Kosmo: Grounding",
            "We construct large-scale data of grounded image-text pairs (called GrUT) to train the model. "
            'We pre-train on the "Colossal Clean Crawled Corpus" and reach 81.0 accuracy. '
            "Further, through fine-tuning it with depth information from NYUv2 and KITTI, new SOTAs are set.",
        )
    )
    kinds = {m.name: m.kind for m in pf.mentions}
    assert kinds["GrUT"] == "dataset" and kinds["Colossal Clean Crawled Corpus"] == "dataset"
    evaluated = {r.object for r in pf.relations if r.predicate == "evaluatedOn"}
    assert {"NYUv2", "KITTI", "Colossal Clean Crawled Corpus"} <= evaluated


def test_facts_a_model_named_after_a_known_one_is_a_method():
    pf = extract_paper(
        Paper(
            "A Korean Benchmark",
            "We introduce Korean Language Understanding Evaluation (KLUE) benchmark. We release the "
            "pretrained language models (PLM), KLUE-BERT and KLUE-RoBERTa, to help reproducing baselines.",
        )
    )
    assert {"KLUE-BERT", "KLUE-RoBERTa"} <= set(_methods(pf))


def test_facts_a_released_size_or_edition_is_part_of_the_name():
    pf = extract_paper(
        Paper(
            "Chamelon: Mixed-Modal Models",
            "Chamelon outperforms Mixtral 8x7B and Gemini Pro, and matches Claude 3 on long contexts. "
            "GPT-4 reaches 3.5% more on MMLU than GPT-4 1) and 2).",
        )
    )
    methods = set(_methods(pf))
    assert {"Mixtral 8x7B", "Gemini Pro", "Claude 3"} <= methods
    assert not {"GPT-4 3.5", "GPT-4 1"} & methods


def test_facts_names_listed_with_models_and_variants_in_another_case_are_models():
    pf = extract_paper(
        Paper(
            "FooGLM: A Family",
            "We have open-sourced a series of models, including ChatGLM-6B, WebGLM, and CodeGeeX. "
            "FooGLM beats much larger models like Swinv2-G and BEIT-3.",
        )
    )
    assert {"WebGLM", "CodeGeeX", "Swinv2-G", "BEIT-3"} <= set(_methods(pf))


def test_facts_the_papers_task_acronym_is_no_name_and_its_proposal_acronym_is_the_proposal():
    pf = extract_paper(
        Paper(
            "FooDet: Detection",
            "We study open-vocabulary object detection (OVD). We propose Efficient Fusion Head (EFH), a module. "
            "OVD models are slow; EFH is fast.",
        )
    )
    methods = _methods(pf)
    assert "OVD" not in methods
    assert "EFH" not in methods or methods["EFH"].role == "proposes"


def test_facts_a_cue_word_inside_a_name_says_nothing():
    pf = extract_paper(
        Paper(
            "DETR: Detection",
            "DETR demonstrates accuracy on par with the well-established and highly-optimized Faster RCNN baseline.",
        )
    )
    assert "Faster R-CNN" in _methods(pf)  # the hyphen-less spelling of a known name
    assert not [r for r in pf.relations if r.predicate == "improvesOn"]  # parity, not "Faster"


def test_facts_a_naming_word_before_an_ordinary_word_names_nothing():
    pf = extract_paper(
        Paper(
            "FooNet: Chinese Models",
            "FooNet is finetuned on Chinese tasks, including named entity recognition (People's NER), "
            "sentence matching (LCQMC) and Chinese sentiment classification (ChnSent). We insert patterns "
            "(that we call 'prompts') into the inputs of a TVG model.",
        )
    )
    proposed = {m.name for m in pf.mentions if m.role == "proposes"}
    assert proposed == {"FooNet"}


def test_facts_names_in_a_datasets_parentheses_and_before_a_described_benchmark_are_datasets():
    pf = extract_paper(
        Paper(
            "LXMART: Cross-Modality Encoders",
            "After fine-tuning, our model achieves the state-of-the-art results on two visual question "
            "answering datasets (i.e., VQA and GQA). We evaluate them on the MultiPL-F text-to-code benchmark.",
        )
    )
    kinds = {m.name: m.kind for m in pf.mentions}
    assert kinds.get("VQA") == kinds.get("GQA") == kinds.get("MultiPL-F") == "dataset"


def test_facts_an_acronym_the_paper_spells_in_lowercase_is_no_dataset():
    pf = extract_paper(
        Paper("FooASR: Speech", "FooASR is trained with connectionist temporal classification (CTC) on LibriSpeech.")
    )
    assert "CTC" not in {m.name for m in pf.mentions if m.kind == "dataset"}


def test_facts_a_scaled_configuration_is_its_model():
    pf = extract_paper(
        Paper("FooNet: Scaling", "We propose FooNet. Our FooNet-B7 achieves 84.3% top-1 accuracy on ImageNet.")
    )
    assert ("FooNet", "ImageNet") in {(r.subject, r.object) for r in pf.relations if r.predicate == "evaluatedOn"}


def test_facts_what_we_refer_to_as_a_name_is_proposed():
    pf = extract_paper(
        Paper(
            "Density Evolution with Recurrent Networks",
            "We refer to our RNN architecture as Neural Density Evolution (NDE) and train it. "
            "We refer to this cumulative probability as the weight of the hypothesis.",
        )
    )
    proposed = {m.name: m for m in pf.mentions if m.role == "proposes"}
    assert set(proposed) == {"NDE"} and "Neural Density Evolution" in proposed["NDE"].aliases


def test_facts_capitalised_words_before_a_lowercase_data_noun_name_a_dataset_whole():
    pf = extract_paper(
        Paper(
            "FooNet: Reading",
            "We train FooNet on images from the YFCC-100M Flickr dataset and test it on the Boston Reading "
            "corpus and on the ImageNet dataset.",
        )
    )
    datasets = {m.name for m in pf.mentions if m.kind == "dataset"}
    assert {"YFCC-100M Flickr", "Boston Reading", "ImageNet"} <= datasets
    assert "Flickr" not in datasets  # the known dataset inside the longer name is that name


def test_facts_names_listed_with_datasets_are_datasets_also_after_figures_and_in_title_case():
    pf = extract_paper(
        Paper(
            "FooDoc: Documents",
            "FooDoc sets new results on FUNSD (0.78 → 0.84), Acme-NDA (0.83 → 0.85) and DocVQA. We pre-train "
            "it on SQuAD, Gutenberg Books, and a customized corpus. The standard evaluation dataset, i.e., "
            "Boston Word Similarity, is too easy; on Pronoun Disambiguation and SQuAD our model wins.",
        )
    )
    datasets = {m.name for m in pf.mentions if m.kind == "dataset"}
    assert {"Acme-NDA", "Gutenberg Books", "Boston Word Similarity"} <= datasets
    assert "Pronoun Disambiguation" not in datasets  # a task, whatever list it stands in


@pytest.mark.parametrize(
    "abstract, name",
    [
        (
            "We propose in this paper Periodic Motion Primitives -a probabilistic framework for gait.",
            "Periodic Motion Primitives",
        ),
        ("One can define a sampler on top of the generator, which we call the Hat GAN.", "Hat GAN"),
    ],
)
def test_facts_capitalised_words_after_a_proposal_or_naming_verb_are_the_name(abstract, name):
    pf = extract_paper(Paper("Learning gait", abstract))
    assert {m.name for m in pf.mentions if m.role == "proposes"} == {name}


def test_facts_a_known_name_before_a_figure_is_a_measure():
    pf = extract_paper(Paper("Ankle control", "Our controller predicts ankle angles with MAE of 2.21 degrees."))
    assert "MAE" not in {m.name for m in pf.mentions}


def test_facts_an_acronym_the_paper_defines_as_a_class_names_nothing_in_the_singular():
    pf = extract_paper(
        Paper(
            "Denoising",
            "Score-Based Models (SBMs) are slow to sample. We propose a novel SBM trained with multi-scale "
            "denoising. Unlike closed-book QA (CBQA) models, it keeps an index.",
        )
    )
    assert not [m for m in pf.mentions if m.kind == "method"]


def test_facts_a_known_name_in_lowercase_after_a_is_a_kind_of_model():
    pf = extract_paper(Paper("Specialists", "Unlike a mixture of experts, our specialist models train in parallel."))
    assert not [m for m in pf.mentions if m.kind == "method"]


def test_facts_normalisation_layers_and_activations_are_methods_only_where_compared():
    passing = extract_paper(
        Paper(
            "FooQuant: Quantization", "FooQuant handles LayerNorm activations and the placement of layer normalization."
        )
    )
    assert {m.name for m in passing.mentions if m.kind == "method"} == {"FooQuant"}
    compared = extract_paper(Paper("StarFoo: Activations", "We propose StarFoo, which outperforms GELU on ImageNet."))
    assert ("StarFoo", "GELU") in {(r.subject, r.object) for r in compared.relations if r.predicate == "improvesOn"}
