"""Extraction on a Dask cluster gives exactly the graph of the local build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parent.parent


def _sorted_nt(path: Path) -> list[str]:
    store = ox.Store.read_only(str(path / "store"))
    return sorted(store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode().splitlines())


def test_dask_build_equals_local_build(tmp_path, sample_graph_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None, host="127.0.0.1"
    ) as cluster:
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "papergraph.cli",
                "build",
                str(ROOT / "examples"),
                "--graph",
                str(tmp_path / "g"),
                "--engine",
                "dask",
                "--scheduler",
                cluster.scheduler_address,
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert run.returncode == 0, run.stderr
        with distributed.Client(cluster) as client:
            assert len(client.scheduler_info()["workers"]) == 2
    assert _sorted_nt(tmp_path / "g") == _sorted_nt(sample_graph_path)
