"""Shared fixtures: the sample corpus, a graph built from it once per session, small inputs."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return DATA


@pytest.fixture(scope="session")
def sample_corpus():
    from papergraph import sources

    return sources.load([EXAMPLES])


@pytest.fixture(scope="session")
def sample_graph_path(tmp_path_factory, sample_corpus) -> Path:
    from papergraph import PaperGraph

    path = tmp_path_factory.mktemp("sample") / "graph"
    PaperGraph.build(corpus=sample_corpus, path=path)
    return path


@pytest.fixture(scope="session")
def sample_graph(sample_graph_path):
    from papergraph import PaperGraph

    return PaperGraph.open(sample_graph_path)


@pytest.fixture(scope="session")
def tiny_graph():
    """A small hand-made corpus whose every fact is known."""
    from papergraph import PaperGraph

    return PaperGraph.build([DATA / "tiny.jsonl"])
