"""How much a scheduled run fetches beyond what changed.

Three crawls of the demo portal with one state folder, each a real ``scrapy crawl`` process:

1. the first run, at a clock 10 articles before the portal's present;
2. a run right after it, nothing changed;
3. a run after the clock moved to the present (10 articles added, and the edits of those days).

Reports pages fetched by each run (the demo portal's own request count) and runs 2 and 3 as a ratio of run
1 (goal for run 2: under 5%). Run: ``.venv/bin/python bench/incremental.py``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from demoportal.server import DemoServer  # noqa: E402
from demoportal.site import build_site  # noqa: E402

FAST_LOCAL = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "-s", "LOG_LEVEL=WARNING"]


def crawl(base_url: str, data_dir: Path, out: Path) -> tuple[int, float]:
    """One scheduled run; returns the number of exported lines and the wall time."""
    env = {**os.environ, "WARTA_DATA_DIR": str(data_dir)}
    cmd = [sys.executable, "-m", "scrapy", "crawl", "jagatbisnis", "-a", f"base_url={base_url}"]
    started = time.perf_counter()
    subprocess.run([*cmd, *FAST_LOCAL, "-O", str(out)], cwd=ROOT, env=env, check=False, capture_output=True)
    elapsed = time.perf_counter() - started
    with out.open(encoding="utf-8") as fh:
        return sum(1 for line in fh if line.strip()), elapsed


def main() -> int:
    site = build_site()
    newest = sorted(a.published for a in site.timeline)
    before = newest[-11] + timedelta(seconds=1)  # the 10 newest posts are not out yet
    rows = []
    with tempfile.TemporaryDirectory() as tmp, DemoServer(now=before, slow_delay=0) as server:
        data_dir = Path(tmp)
        for label, move in (("first run", None), ("nothing changed", None), ("10 articles added", site.now)):
            if move is not None:
                server.set_now(move)
            seen = len(server.requests)
            exported, seconds = crawl(server.base_url, data_dir, data_dir / f"{len(rows)}.jsonl")
            rows.append(
                {"run": label, "pages": len(server.requests) - seen, "exported": exported, "s": seconds}
            )
    first = rows[0]["pages"]
    print(f"{'run':<20} {'pages fetched':>14} {'vs first run':>13} {'exported':>9} {'seconds':>8}")
    for row in rows:
        ratio = row["pages"] / first
        print(f"{row['run']:<20} {row['pages']:>14} {ratio:>12.1%} {row['exported']:>9} {row['s']:>8.1f}")
    figures = {
        "first_run_pages": first,
        "unchanged_run_pages": rows[1]["pages"],
        "unchanged_ratio": round(rows[1]["pages"] / first, 4),
        "added_10_run_pages": rows[2]["pages"],
        "added_10_ratio": round(rows[2]["pages"] / first, 4),
        "added_10_exported": rows[2]["exported"],
        "goal_unchanged_ratio_below": 0.05,
    }
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
