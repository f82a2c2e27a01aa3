"""Knowledge files the package ships: the gazetteers as tools/build_gazetteers.py writes them."""

from __future__ import annotations

from papergraph import knowledge


def _dataset_ids() -> dict[str, str]:
    return {str(r["pattern"]): str(r["id"]) for r in knowledge.gazetteer("datasets")}


def test_knowledge_a_benchmark_that_lists_its_tasks_keeps_its_own_name():
    # the Papers-with-Code record of GLUE lists MultiNLI, Quora Question Pairs, ... as its
    # variants; GLUE is not one of its tasks, and each task keeps its name
    ids = _dataset_ids()
    assert ids["GLUE"] == "GLUE"
    assert ids["QQP"] == "Quora Question Pairs" and ids["MNLI"] == "MultiNLI"
    assert ids["STS Benchmark"] == "STS-B"
