"""``warta demo``: the bundled demo portal served on 127.0.0.1, crawled from empty state by the real
``scrapy crawl``, its articles in ``<data-dir>/articles.jsonl``. ``python3 make.py demo`` runs this."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

# Written into the demo's data folder, so a later demo may empty it and nothing else is ever emptied.
MARKER = ".warta-demo"
SPIDER = "jagatbisnis"
# The demo portal is our own server on loopback: no politeness delay is owed to it.
FAST = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0"]


def fresh_data_dir(data_dir: Path) -> str | None:
    """Empty the demo folder (new, empty, or one an earlier demo made); why not, when it is none of those."""
    if data_dir.exists():
        if not data_dir.is_dir():
            return f"{data_dir} is not a folder"
        if any(data_dir.iterdir()) and not (data_dir / MARKER).exists():
            return f"{data_dir} holds files an earlier demo did not write; choose another --data-dir"
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    (data_dir / MARKER).write_text("written by `warta demo`: this folder is emptied by the next demo\n")
    return None


def shown(path: Path) -> str:
    """A path relative to the working folder when it is under it, else absolute."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path.resolve())


def report_of(export: Path) -> Path | None:
    """The run report beside the export: the HTML page where there is one, else the JSON report."""
    for suffix in (".report.html", ".report.json"):
        path = export.with_name(export.stem + suffix)
        if path.exists():
            return path
    return None


def run_demo(data_dir: str | Path) -> int:
    folder = Path(data_dir)
    problem = fresh_data_dir(folder)
    if problem:
        print(f"warta demo: {problem}", file=sys.stderr)
        return 1
    server = subprocess.Popen(
        [sys.executable, "-m", "demoportal", "serve", "--port", "0"], stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        base_url = server.stdout.readline().strip()
        if not base_url.startswith("http://"):
            print("warta demo: the demo portal did not start", file=sys.stderr)
            return 1
        print(f"demo portal at {base_url}", flush=True)
        export = folder / "articles.jsonl"
        env = {
            **os.environ,
            "WARTA_DATA_DIR": str(folder.resolve()),
            "SCRAPY_SETTINGS_MODULE": os.environ.get("SCRAPY_SETTINGS_MODULE", "crawler.settings"),
        }
        crawl = [sys.executable, "-m", "scrapy", "crawl", SPIDER, "-a", f"base_url={base_url}", *FAST]
        done = subprocess.run([*crawl, "-O", str(export.resolve())], env=env)
        if done.returncode != 0:
            return done.returncode  # the crawl's own last line said why
        with export.open(encoding="utf-8") as lines:
            count = sum(1 for _ in lines)
        report = report_of(export)
        opened = f"; run report: {shown(report)}" if report is not None else ""
        print(f"{count} articles exported to {shown(export)}{opened}")
        return 0
    finally:
        server.terminate()
        server.wait(timeout=30)
