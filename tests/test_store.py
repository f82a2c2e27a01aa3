"""The on-disk store: a graph folder is recognised, opened read-only, and refused when absent."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from papergraph import PaperGraph, store
from papergraph.errors import GraphNotFoundError


def test_store_opens_a_built_graph_read_only(tmp_path, data_dir):
    PaperGraph.build([data_dir / "tiny.jsonl"], tmp_path / "g")
    assert store.is_graph(tmp_path / "g") and not store.is_graph(tmp_path)
    s = store.open_store(tmp_path / "g")
    assert len(s) > 0
    with pytest.raises(RuntimeError, match="read-write"):
        s.update("INSERT DATA { <https://x/a> <https://x/b> <https://x/c> }")


def test_store_refuses_a_folder_without_a_graph(tmp_path):
    with pytest.raises(GraphNotFoundError, match="papergraph build"):
        store.open_store(tmp_path)


def test_store_load_lines_streams_n_triples_in_batches():
    s = ox.Store()
    store.load_lines(s, (f'<https://x/{i}> <https://x/p> "{i}" .\n' for i in range(1000)))
    assert len(s) == 1000


def test_store_snapshot_id_changes_with_every_build(tmp_path, data_dir):
    assert store.snapshot_id(tmp_path / "g") is None
    PaperGraph.build([data_dir / "tiny.jsonl"], tmp_path / "g")
    first = store.snapshot_id(tmp_path / "g")
    PaperGraph.build([data_dir / "tiny.jsonl"], tmp_path / "g")
    assert first is not None and store.snapshot_id(tmp_path / "g") not in (None, first)
