"""``warta report [DATA_DIR]``: rebuild the crawl history page from the run reports under DATA_DIR.

The history itself is ``crawler.monitoring.history.rebuild_history(data_dir)``, imported when the command
runs, so this command works as soon as that module is there and says so clearly until then.
"""

from __future__ import annotations

import sys
from importlib import import_module
from pathlib import Path

HISTORY_MODULE = "crawler.monitoring.history"


def rebuild(data_dir: str | Path) -> int:
    folder = Path(data_dir)
    if not folder.is_dir():
        print(f"warta report: no data folder at {folder}", file=sys.stderr)
        return 1
    try:
        history = import_module(HISTORY_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name != HISTORY_MODULE:
            raise  # the module is there but broken: its own error says more
        history = None
    rebuild_history = getattr(history, "rebuild_history", None)
    if rebuild_history is None:
        print(
            f"warta report: this installation has no crawl history ({HISTORY_MODULE}.rebuild_history)",
            file=sys.stderr,
        )
        return 1
    written = rebuild_history(folder)
    print(f"crawl history written to {written}" if written else f"crawl history rebuilt under {folder}")
    return 0
