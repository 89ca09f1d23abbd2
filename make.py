#!/usr/bin/env python3
"""The project's two entry points, with nothing but Python 3.11 on the machine.

    python3 make.py demo   # set up, start the bundled demo portal, crawl it, leave data/demo/articles.jsonl
    python3 make.py test   # set up, run the test suite

Standard library only: it creates ``.venv`` and installs the pinned requirements the first time (and
again whenever a requirements file changes).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"


def _requirements_digest(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def setup(requirements: str) -> None:
    """Create the virtual environment and install the requirements unless already up to date."""
    files = [ROOT / requirements] + (
        [ROOT / "requirements.txt"] if requirements != "requirements.txt" else []
    )
    marker = VENV / f".installed-{requirements}"
    wanted = _requirements_digest(files)
    if marker.exists() and marker.read_text() == wanted:
        return
    if not PY.exists():
        print(f"creating {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
        # The pip bundled with Python 3.11 fails to resolve lxml's extras (readability-lxml needs them).
        run([str(PY), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--upgrade", "pip"])
    run(
        [
            str(PY),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            str(ROOT / requirements),
        ]
    )
    marker.write_text(wanted)


def run(cmd: list[str], **kwargs: object) -> None:
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True, cwd=ROOT, **kwargs)  # type: ignore[call-overload]


def demo() -> int:
    """Crawl the bundled demo portal from empty state; the JSON lines land in data/demo/articles.jsonl."""
    setup("requirements.txt")
    data_dir = ROOT / "data" / "demo"
    shutil.rmtree(data_dir, ignore_errors=True)
    data_dir.mkdir(parents=True)
    server = subprocess.Popen(
        [str(PY), "-m", "demoportal", "serve", "--port", "0"], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    try:
        assert server.stdout is not None
        base_url = server.stdout.readline().strip()
        if not base_url.startswith("http://"):
            print("the demo portal did not start", file=sys.stderr)
            return 1
        print(f"demo portal at {base_url}", flush=True)
        out = data_dir / "articles.jsonl"
        env = {**os.environ, "WARTA_DATA_DIR": str(data_dir)}
        # The demo portal is our own server on loopback: no politeness delay is owed to it.
        fast = ["-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0"]
        cmd = [
            str(BIN / "scrapy"),
            "crawl",
            "jagatbisnis",
            "-a",
            f"base_url={base_url}",
            *fast,
            "-O",
            str(out),
        ]
        result = subprocess.run(cmd, cwd=ROOT, env=env)
        if result.returncode != 0:
            return result.returncode
        lines = sum(1 for _ in out.open(encoding="utf-8"))
        print(f"\n{lines} articles exported to {out.relative_to(ROOT)}")
        return 0
    finally:
        server.terminate()
        server.wait(timeout=10)


def test() -> int:
    """Run the whole test suite (CI runs exactly this)."""
    setup("requirements-dev.txt")
    workers = ["-n", "2"] if (os.cpu_count() or 1) > 1 else []
    return subprocess.run([str(PY), "-m", "pytest", "-q", *workers, *sys.argv[2:]], cwd=ROOT).returncode


def main() -> int:
    commands = {"demo": demo, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]]()


if __name__ == "__main__":
    sys.exit(main())
