"""Child processes that never outlive the process that started them.

A worker blocked on its pipe (an extraction worker waiting for the next chunk, a query
worker waiting for the next query) would wait forever once its parent is killed with
``kill -9``, holding its memory. :func:`die_with_parent` starts a watcher thread that ends
the worker when its parent is gone; it is the ``initializer`` of every worker papergraph
starts.
"""

from __future__ import annotations

import os
import threading
import time

__all__: list[str] = []  # internal: worker processes of build and serve


def die_with_parent(parent_pid: int, every: float = 0.5) -> None:
    """End this process as soon as ``parent_pid`` is no longer its parent.

    When a parent dies its children are handed to another process (init or a subreaper),
    so ``os.getppid()`` changes; the check is a system call every ``every`` seconds.
    """
    if os.getppid() != parent_pid:
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(every)
        os._exit(1)  # no cleanup to run: the parent that wanted the results is gone

    threading.Thread(target=watch, name="papergraph-parent-watch", daemon=True).start()
