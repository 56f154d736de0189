"""Index writes to the search engine, sent from a background thread.

Wagtail indexes a page from the ``post_save`` signal, inside the request that publishes it.
With an engine that is slow or does not answer, the editor would wait for the timeout (once
per language entry). Here the request only builds the documents (database work, fast) and
queues the HTTP calls; one daemon thread per process sends them in order. Writes that fail are
logged; ``manage.py update_index`` rebuilds the indexes from the database after an outage.
"""

from __future__ import annotations

import logging
import os
import queue
import threading
import time

logger = logging.getLogger(__name__)


class BackgroundWriter:
    def __init__(self):
        self._queue: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid: int | None = None

    def submit(self, operation) -> None:
        with self._lock:
            if self._pid != os.getpid():  # forked (gunicorn): the parent's thread is not ours
                self._queue = queue.Queue()
                self._thread = None
                self._pid = os.getpid()
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="search-index-writer", daemon=True
                )
                self._thread.start()
            self._queue.put(operation)

    def _run(self) -> None:
        work = self._queue
        while True:
            operation = work.get()
            try:
                operation()
            except Exception:  # never let one failed write stop the thread
                logger.exception("Search: background index write failed")
            finally:
                work.task_done()

    def wait(self, timeout: float = 10.0) -> bool:
        """Wait until every queued write has been sent (tests, management commands)."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True


writer = BackgroundWriter()


def wait_for_pending_writes(timeout: float = 10.0) -> bool:
    return writer.wait(timeout)
