"""``pip install .`` gives a working crawler: the wheel pip builds from this checkout holds every package
and data file, the ``warta`` script and scrapyd's settings entry point, and once installed it runs from a
folder that has no scrapy.cfg (the settings are found through the package, not the checkout).

Offline: the wheel is built with the venv's own setuptools (``--no-build-isolation``) from a copy of the
checkout's packaging files, and installed without its dependencies into a folder of its own, which the
venv's interpreter (holding the dependencies) puts first on its path. A fresh venv with dependencies from
the registry is the README's setup; this test needs no network.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, read_jsonl

PACKAGING_FILES = ("setup.py", "pyproject.toml")
PACKAGES = ("crawler", "spiders", "pipelines", "demoportal")
TIMEOUT = 300


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the wheel, the folder it was installed into)."""
    source = tmp_path_factory.mktemp("source")
    for name in PACKAGING_FILES:
        shutil.copy2(ROOT / name, source / name)
    for name in (*PACKAGES, "tests"):  # tests too: they must stay out of the wheel
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    wheels = tmp_path_factory.mktemp("wheels")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    built = subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(wheels), str(source)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = wheels.glob("warta-*.whl")
    target = tmp_path_factory.mktemp("site")
    done = subprocess.run(
        [*pip, "install", "--no-deps", "--no-index", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return wheel, target


def test_the_wheel_holds_the_packages_data_files_and_entry_points(installed):
    wheel, _ = installed
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        info = next(n.rsplit("/", 1)[0] for n in names if n.endswith(".dist-info/METADATA"))
        entry_points = configparser.ConfigParser()
        entry_points.read_string(archive.read(f"{info}/entry_points.txt").decode())
        metadata = archive.read(f"{info}/METADATA").decode()
    wanted = {
        path.relative_to(ROOT).as_posix()
        for package in PACKAGES
        for path in (ROOT / package).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert sorted(wanted - names) == []
    assert not any(name.startswith(("tests/", "bench/")) for name in names)
    assert dict(entry_points["console_scripts"]) == {"warta": "crawler.cli.main:main"}
    assert dict(entry_points["scrapy"]) == {"settings": "crawler.settings"}
    for extra in ("redis", "postgres", "scrapyd"):
        assert f"Provides-Extra: {extra}" in metadata
    assert "Requires-Dist: scrapy~=2.19.0" in metadata


def _installed_env(target: Path, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SCRAPY_SETTINGS_MODULE", "WARTA_PROFILES_DIR")}
    return {**env, "PYTHONPATH": str(target), "WARTA_DATA_DIR": str(data_dir)}


def test_the_installed_command_runs_the_demo_from_a_folder_without_scrapy_cfg(installed, tmp_path):
    _, target = installed
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = _installed_env(target, elsewhere / "data")
    where = subprocess.run(
        [
            sys.executable,
            "-c",
            "import crawler, demoportal; print(crawler.__file__); print(demoportal.__file__)",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert all(Path(p).is_relative_to(target) for p in where.stdout.split()), where.stdout + where.stderr
    script = target / "bin" / "warta"
    checked = subprocess.run(
        [sys.executable, str(script), "profiles", "check"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert str(target / "crawler" / "portals") in checked.stdout
    demo = subprocess.run(
        [sys.executable, str(script), "demo"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
    )
    assert demo.returncode == 0, demo.stdout + demo.stderr
    export = elsewhere / "data" / "demo" / "articles.jsonl"
    assert demo.stdout.splitlines()[-1].startswith(
        f"{len(read_jsonl(export))} articles exported to data/demo/"
    )
    assert len(read_jsonl(export)) > 0
