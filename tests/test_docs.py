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


def _public_api():
    """Every module's ``__all__`` functions, and the methods of PaperGraph and QueryResult."""
    import importlib
    import inspect
    import pkgutil

    import papergraph
    from papergraph.graph import PaperGraph, QueryResult

    found = []
    for info in pkgutil.walk_packages(papergraph.__path__, "papergraph."):
        if info.name.endswith(("__main__", "_version", ".cli")):
            continue
        module = importlib.import_module(info.name)
        assert hasattr(module, "__all__"), f"{info.name} does not say what is public (__all__)"
        for name in module.__all__:
            obj = inspect.unwrap(getattr(module, name))
            if inspect.isfunction(obj) and obj.__module__ == info.name:
                found.append((f"{info.name}.{name}", obj))
    for cls in (PaperGraph, QueryResult):
        for name, value in vars(cls).items():
            func = value.__func__ if isinstance(value, (classmethod, staticmethod)) else value
            if not name.startswith("_") and inspect.isfunction(func):
                found.append((f"{cls.__name__}.{name}", func))
    return found


@pytest.mark.parametrize("name,func", _public_api(), ids=lambda x: x if isinstance(x, str) else "")
def test_docs_public_functions_have_numpydoc_sections(name, func):
    """numpydoc: Parameters (when it takes any), Returns or Yields (unless it returns None)
    and Examples, which pytest --doctest-modules runs."""
    import inspect

    doc = inspect.getdoc(func) or ""
    signature = inspect.signature(func)
    if [p for p in signature.parameters if p not in ("self", "cls")]:
        assert "Parameters\n----------" in doc, name
    if signature.return_annotation not in (None, "None"):
        assert "Returns\n-------" in doc or "Yields\n------" in doc, name
    assert "Examples\n--------" in doc and ">>> " in doc, name
