"""Shared fixtures: the sample corpus, a graph built from it once per session, small inputs."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from hypothesis import settings

# In CI the property tests run the same examples every time (a red build is then the change's,
# never the draw's); on a developer's machine they keep exploring, and what they find is fixed
# and kept as a test (tests/sources/test_readers.py has two).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

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


@pytest.fixture(scope="session")
def external_graph():
    """The 90 annotated papers from outside the corpus (tests/data/README.md), each with
    its arXiv link and so dated by the month of its first version."""
    from papergraph import PaperGraph

    return PaperGraph.build([DATA / "external-dev-papers.jsonl"])


@contextlib.contextmanager
def served(graph_path, *options: str):
    """`papergraph serve` started the real way on a free loopback port; yields its base URL."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    command = [sys.executable, "-m", "papergraph.cli", "serve", "--graph", str(graph_path), "--port", str(port)]
    proc = subprocess.Popen([*command, *options], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(url + "/", timeout=1).read()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(proc.stderr.read().decode())
                time.sleep(0.1)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def start_serve():
    """:func:`served`, for test modules: ``with start_serve(path, "--timeout", "3") as url: ...``."""
    return served
