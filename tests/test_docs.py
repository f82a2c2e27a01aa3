"""The documentation runs: every Python block of the tutorial and the README, in order."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), re.S)


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    (tmp_path / "exports").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_docs_tutorial_runs_end_to_end(workdir, capsys):
    namespace: dict = {}
    for block in _blocks(ROOT / "docs" / "tutorial.md"):
        exec(compile(block, "docs/tutorial.md", "exec"), namespace)  # noqa: S102 - our own docs
    out = capsys.readouterr().out
    assert "311 distinct papers" in out and "did you mean 'Swin Transformer'" in out
    for name in ("tutorial.ttl", "tutorial.graphml", "tutorial.gexf", "tutorial.jsonld", "tutorial.html"):
        assert (workdir / "exports" / name).stat().st_size > 1000, name
    import networkx as nx

    g = nx.read_graphml(workdir / "exports" / "tutorial.graphml")
    assert any("pagerank" in a and "community" in a for _, a in g.nodes(data=True))


def test_docs_readme_python_runs(workdir):
    namespace: dict = {}
    for block in _blocks(ROOT / "README.md"):
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102
    assert os.path.isdir(workdir / "exports" / "papergraph.graph")
