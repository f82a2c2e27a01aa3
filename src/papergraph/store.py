"""The on-disk Oxigraph store of a graph: opening, bulk loading, atomic writing and swapping,
the lock that serialises builds, and the files a build leaves.

A graph is a folder: ``store/`` (Oxigraph's own files), the extraction cache
(:mod:`papergraph.cache`) and a marker file saying papergraph built it. A build writes a
new folder beside it and swaps the two in one step, so a reader always finds a whole graph.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from . import cache
from .errors import GraphBusyError, GraphNotFoundError, PapergraphError

__all__: list[str] = []  # internal: called by PaperGraph (graph.py), not by users

RDF_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdf": ox.RdfFormat.RDF_XML,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}
RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "xml": ox.QueryResultsFormat.XML,
}
MARKER = "papergraph-store"  # a file beside the store's own, saying papergraph built it


def is_graph(path: str | os.PathLike) -> bool:
    """Whether a graph built by papergraph is at ``path``."""
    return (Path(path) / MARKER).is_file()


def open_store(path: str | os.PathLike, read_only: bool = True) -> ox.Store:
    """The Oxigraph store of the graph at ``path`` (read-only: many readers may share it).

    Raises
    ------
    GraphNotFoundError
        When no graph built by papergraph is at ``path``.
    """
    if not is_graph(path):
        raise GraphNotFoundError(
            f"{path}: no papergraph graph here; build one with `papergraph build INPUT... --graph {path}`"
        )
    store_path = str(Path(path) / "store")
    return ox.Store.read_only(store_path) if read_only else ox.Store(store_path)


def load_lines(store: ox.Store, lines: Iterable[str]) -> None:
    """Stream N-Triples lines into ``store`` in batches."""
    batch: list[str] = []
    for line in lines:
        batch.append(line)
        if len(batch) >= 200_000:
            store.bulk_load("".join(batch).encode(), format=ox.RdfFormat.N_TRIPLES)
            batch.clear()
    if batch:
        store.bulk_load("".join(batch).encode(), format=ox.RdfFormat.N_TRIPLES)


def write_atomically(
    target: Path, lines: Iterable[str], papers, facts, jobs: int = 1, keep: Path | None = None
) -> None:
    """Write the store and the extraction cache beside ``target`` and swap them in only when
    complete, so that a failed build leaves any previous graph at ``target`` untouched.
    The graph replaced is removed, or moved to ``keep`` when given.

    With ``jobs`` other than 1 the cache is written by a forked process while this one loads
    the store (the two take a fifth of a build between them and share nothing)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned_builds(target)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
    writer = None
    try:
        if jobs != 1 and "fork" in multiprocessing.get_all_start_methods():
            # forked before the store opens, so that no store thread is copied into the child
            writer = multiprocessing.get_context("fork").Process(target=cache.save, args=(tmp, papers, facts))
            writer.start()
        store = ox.Store(str(tmp / "store"))
        load_lines(store, lines)
        # Compact what the batched loads wrote: the graph is opened read-only from here on,
        # where Oxigraph never compacts, and reads on an uncompacted store of 100k papers are
        # five to eight times slower (README, Benchmarks).
        store.optimize()
        store.flush()
        del store
        gc.collect()
        if writer is None:
            cache.save(tmp, papers, facts)
        else:
            writer.join()
            if writer.exitcode != 0:
                raise PapergraphError(
                    f"{target}: writing the extraction cache failed "
                    f"(exit code {writer.exitcode}); nothing was changed there"
                )
        (tmp / MARKER).write_text("papergraph graph store\n")
        swap_in(tmp, target, keep)
    except BaseException:
        if writer is not None and writer.is_alive():
            writer.kill()
            writer.join()
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def snapshot_id(path: str | os.PathLike) -> tuple[int, int, int] | None:
    """Which build is at ``path`` now (every build writes a new marker file), or None.

    A reader that sees the same id before and after opening the store opened that build.
    """
    try:
        st = os.stat(Path(path) / MARKER)
    except OSError:
        return None
    return st.st_dev, st.st_ino, st.st_mtime_ns


@contextmanager
def build_lock(target: Path, wait: float = 0.0):
    """Hold the lock of the graph at ``target`` (a file beside it) for the length of a build.

    A second build of the same graph waits up to ``wait`` seconds, then stops with a
    :class:`~papergraph.errors.GraphBusyError` naming the build that holds it; the lock goes
    with its process, so a killed build never leaves it held.
    """
    import fcntl
    import time

    target.parent.mkdir(parents=True, exist_ok=True)
    lock_path = target.parent / f".{target.name}.lock"
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
                    raise GraphBusyError(
                        f"{target}: another build (pid {holder}) is writing this graph; wait "
                        "for it to finish, or pass --wait SECONDS to wait for it"
                    ) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


def remove_abandoned_builds(target: Path) -> None:
    """Delete what killed builds left beside ``target``: half-written new graphs and old
    graphs not yet removed after a swap. Called with the build lock held, so no other build
    is running and every such folder is a leftover."""
    for pattern in (f".{target.name}.building-*", f".{target.name}.old-*"):
        for folder in target.parent.glob(pattern):
            shutil.rmtree(folder, ignore_errors=True)


_RENAME_EXCHANGE = 2  # linux/fs.h


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2(RENAME_EXCHANGE)``); False where the
    system or the file system cannot."""
    import ctypes
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0


def previous_path(target: Path, temporary: bool = False) -> Path:
    """Where a build keeps the graph it replaces: ``NAME.previous`` beside it, or, only for
    the length of the build, a hidden folder that :func:`remove_abandoned_builds` clears."""
    name = f".{target.name}.old-previous" if temporary else f"{target.name}.previous"
    return target.with_name(name)


def remove_graph(path: Path) -> None:
    """Delete a graph folder papergraph wrote (nothing else: a folder without its marker stays)."""
    if (path / MARKER).is_file():
        shutil.rmtree(path, ignore_errors=True)


def swap_in(new: Path, target: Path, keep: Path | None = None) -> None:
    """Replace ``target`` by ``new`` so that a graph is at ``target`` at every instant: the
    two folders are exchanged in one rename and the old one removed after (where the system
    cannot exchange, two renames), or moved to ``keep`` (replacing a graph kept there)."""
    if target.exists():
        if not (target / MARKER).is_file() and any(target.iterdir()):
            raise GraphNotFoundError(f"{target} exists and is not a papergraph graph; choose another --graph path")
        if keep is not None and keep.exists() and not (keep / MARKER).is_file() and any(keep.iterdir()):
            raise GraphNotFoundError(f"{keep} exists and is not a papergraph graph; the previous graph cannot go there")
        old = new.parent / new.name.replace(".building-", ".old-")
        if exchange(new, target):
            os.rename(new, old)  # what was exchanged out: the old graph
        else:
            os.rename(target, old)
            os.rename(new, target)
        if keep is not None:
            stale = keep.with_name(f".{target.name}.old-stale")
            if keep.exists():
                os.rename(keep, stale)
            os.rename(old, keep)
            shutil.rmtree(stale, ignore_errors=True)
        else:
            shutil.rmtree(old, ignore_errors=True)
    else:
        os.rename(new, target)
