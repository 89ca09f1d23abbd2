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
    """Crawl the bundled demo portal from empty state; the JSON lines land in data/demo/articles.jsonl.

    The demo itself is ``warta demo`` (``crawler/cli/demo.py``), run with the project's venv."""
    setup("requirements.txt")
    # make.py's demo always starts from nothing: this folder is the checkout's own.
    shutil.rmtree(ROOT / "data" / "demo", ignore_errors=True)
    return subprocess.run(
        [str(PY), "-m", "crawler.cli", "demo", "--data-dir", "data/demo"], cwd=ROOT
    ).returncode


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
