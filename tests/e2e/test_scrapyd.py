"""A real scrapyd deployment on loopback: the shipped config, the egg ``scrapyd-deploy`` builds, the HTTP API.

scrapyd runs a job from the zipped egg, not from the checkout, so this is where a missing data file or a
module that only works from a source tree shows up. The scrapyd process runs in a temporary folder with the
shipped ``deploy/scrapyd.conf`` (its folders moved there, a free port), and nothing of the checkout on its
path.
"""

from __future__ import annotations

import configparser
import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from urllib.error import URLError
from urllib.parse import urlencode
from urllib.request import urlopen

import pytest

from tests.conftest import IN_CI, ROOT, read_jsonl

try:
    import scrapyd  # noqa: F401
    import scrapyd_client  # noqa: F401
except ImportError as exc:  # pragma: no cover - depends on the environment
    if IN_CI:
        raise
    pytest.skip(f"scrapyd or scrapyd-client not installed ({exc.name})", allow_module_level=True)

SHIPPED_CONF = ROOT / "deploy" / "scrapyd.conf"
JOB_SCRIPT = ROOT / "deploy" / "scrapyd_job.py"
# What scrapyd-deploy needs of the checkout to build the egg (setup.py decides what goes in it).
DEPLOYED_FILES = ("scrapy.cfg", "setup.py", "pyproject.toml")
DEPLOYED_PACKAGES = ("crawler", "spiders", "pipelines")
PROJECT = "warta"
VERSION = "r1"
# Bounded waits: a healthy demo crawl takes seconds; these only stop a hung run from hanging the suite.
START_TIMEOUT = 60.0
JOB_TIMEOUT = 600.0 if IN_CI else 300.0
# The demo portal is our own loopback server: no politeness delay is owed to it.
FAST_LOCAL = {"AUTOTHROTTLE_ENABLED": "False", "DOWNLOAD_DELAY": "0"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def local_config(work: Path, port: int) -> str:
    """The shipped scrapyd.conf with its folders under ``work`` and the given port; nothing else changed."""
    parser = configparser.ConfigParser()
    parser.read(SHIPPED_CONF, encoding="utf-8")
    section = parser["scrapyd"]
    assert section["bind_address"] == "127.0.0.1", "the shipped scrapyd must listen on loopback only"
    for key, value in section.items():
        if key.endswith("_dir") and value:
            section[key] = str(work / Path(value).name)
    section["http_port"] = str(port)
    section["poll_interval"] = "0.2"  # the tests should not wait five seconds for a job to start
    lines: list[str] = []
    for name in parser.sections():
        lines.append(f"[{name}]")
        lines.extend(f"{key} = {value}" for key, value in parser[name].items())
    return "\n".join(lines) + "\n"


def _clean_env() -> dict[str, str]:
    """This shell's environment without anything that would point a job at the checkout or another store."""
    drop = ("PYTHONPATH", "SCRAPY_SETTINGS_MODULE", "SCRAPY_PROJECT", "REDIS_URL")
    return {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("WARTA_")}


def _job_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("scrapyd_job", JOB_SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Scrapyd:
    url: str
    work: Path
    log: Path

    def get(self, endpoint: str, **params: str) -> dict:
        query = f"?{urlencode(params)}" if params else ""
        with urlopen(f"{self.url}{endpoint}{query}", timeout=30) as response:
            return json.load(response)

    def post(self, endpoint: str, fields: list[tuple[str, str]]) -> dict:
        with urlopen(f"{self.url}{endpoint}", data=urlencode(fields).encode(), timeout=30) as response:
            return json.load(response)

    def job_log(self, spider: str, job: str) -> Path:
        return self.work / "logs" / PROJECT / spider / f"{job}.log"

    def tail(self, path: Path, lines: int = 40) -> str:
        if not path.exists():
            return f"({path} does not exist)"
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])

    def schedule(self, spider: str, data_dir: Path, **args: str) -> str:
        settings = {"WARTA_DATA_DIR": str(data_dir), **FAST_LOCAL}
        fields = [("project", PROJECT), ("spider", spider), *args.items()]
        fields += [("setting", f"{name}={value}") for name, value in settings.items()]
        answer = self.post("schedule.json", fields)
        assert answer.get("status") == "ok", answer
        return answer["jobid"]

    def wait_finished(self, job: str, spider: str) -> None:
        deadline = time.monotonic() + JOB_TIMEOUT
        while time.monotonic() < deadline:
            jobs = self.get("listjobs.json", project=PROJECT)
            if any(j["id"] == job for j in jobs["finished"]):
                return
            time.sleep(0.5)
        pytest.fail(
            f"job {job} not finished after {JOB_TIMEOUT:.0f} s"
            f"\n--- job log\n{self.tail(self.job_log(spider, job))}\n--- scrapyd log\n{self.tail(self.log)}"
        )


@pytest.fixture(scope="module")
def scrapyd_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scrapyd]:
    """scrapyd on a free loopback port, running from a temporary folder with the shipped config."""
    work = tmp_path_factory.mktemp("scrapyd")
    port = _free_port()
    (work / "scrapyd.conf").write_text(local_config(work, port), encoding="utf-8")
    log = work / "scrapyd.log"
    cmd = [sys.executable, "-m", "scrapyd", "--logfile", str(log), "--pidfile", ""]
    proc = subprocess.Popen(
        cmd, cwd=work, env=_clean_env(), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    server = Scrapyd(url=f"http://127.0.0.1:{port}/", work=work, log=log)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                if server.get("daemonstatus.json").get("status") == "ok":
                    break
            except (URLError, ConnectionError):
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"scrapyd did not start (exit {proc.poll()})\n{server.tail(log)}")
            time.sleep(0.2)
        yield server
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def deployed(scrapyd_server: Scrapyd, tmp_path_factory: pytest.TempPathFactory) -> Scrapyd:
    """The project deployed the way an operator does it: ``scrapyd-deploy <target>`` from the project folder.

    It runs in a copy of the checkout's deployable files: ``scrapyd-deploy`` builds in the project folder
    (``setup.py clean -a`` then ``bdist_egg``), and two test workers building in one checkout would delete
    each other's build. The target lives in a temporary user-level scrapy.cfg (``$XDG_CONFIG_HOME``), so
    the project's own ``[deploy]`` section is the one that is copied.
    """
    project = tmp_path_factory.mktemp("project")
    for name in DEPLOYED_FILES:
        shutil.copy2(ROOT / name, project / name)
    for name in DEPLOYED_PACKAGES:
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    xdg = tmp_path_factory.mktemp("xdg")
    (xdg / "scrapy.cfg").write_text(
        f"[deploy:local-test]\nurl = {scrapyd_server.url}\nproject = {PROJECT}\n", encoding="utf-8"
    )
    env = {**_clean_env(), "XDG_CONFIG_HOME": str(xdg)}
    cmd = [sys.executable, "-m", "scrapyd_client.deploy", "local-test", "-v", VERSION]
    result = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"scrapyd-deploy failed:\n{result.stdout}\n{result.stderr}"
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["status"] == "ok" and answer["project"] == PROJECT and answer["version"] == VERSION, answer
    return scrapyd_server


def test_deployed_egg_lists_the_profile_spiders(deployed: Scrapyd) -> None:
    """scrapyd lists spiders by running ``scrapy list`` inside the egg: the profiles must load from it."""
    assert deployed.get("listversions.json", project=PROJECT)["versions"] == [VERSION]
    spiders = deployed.get("listspiders.json", project=PROJECT)
    assert spiders["status"] == "ok", spiders
    assert {"jagatbisnis", "portal"} <= set(spiders["spiders"]), spiders


def test_stored_egg_holds_every_module_and_data_file(deployed: Scrapyd) -> None:
    """A new subpackage without ``__init__.py`` or a new kind of data file would be left out silently."""
    eggs = list((deployed.work / "eggs" / PROJECT).glob("*.egg"))
    assert len(eggs) == 1, eggs
    with zipfile.ZipFile(eggs[0]) as egg:
        packed = set(egg.namelist())
    wanted = {
        path.relative_to(ROOT).as_posix()
        for package in DEPLOYED_PACKAGES
        for path in (ROOT / package).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    assert any(name.endswith(".toml") for name in wanted) and any(name.endswith(".json") for name in wanted)
    assert sorted(wanted - packed) == []


def test_scheduled_crawl_exports_every_demo_article(deployed: Scrapyd, demo_portal, tmp_path: Path) -> None:
    from demoportal.site import build_site
    from demoportal.truth import expected_items

    data_dir = tmp_path / "data"
    job = deployed.schedule("jagatbisnis", data_dir, base_url=demo_portal.base_url)
    deployed.wait_finished(job, "jagatbisnis")

    job_log = deployed.job_log("jagatbisnis", job)
    scrapyd_log = deployed.log.read_text(encoding="utf-8", errors="replace")
    died = [line for line in scrapyd_log.splitlines() if "Process died" in line and job in line]
    assert not died, f"{died}\n--- job log\n{deployed.tail(job_log)}"
    assert "Spider closed (finished)" in job_log.read_text(encoding="utf-8")

    exports = sorted((data_dir / "exports").glob("jagatbisnis-*.jsonl"))
    assert len(exports) == 1, exports
    items = read_jsonl(exports[0])
    expected = expected_items(build_site(), demo_portal.base_url)
    assert sorted(i["canonicalUrl"] for i in items) == sorted(e["canonicalUrl"] for e in expected)
    assert {i["portal"] for i in items} == {"jagatbisnis"}

    report = json.loads(exports[0].with_name(exports[0].stem + ".report.json").read_text(encoding="utf-8"))
    assert report["ok"] is True, report["failed_monitors"]
    # The verdict deploy/scrapyd_job.py gives cron, read from the same log scrapyd serves.
    assert _job_script().judge(job_log.read_text(encoding="utf-8"), "jagatbisnis")[0] == 0


def test_a_failed_scheduled_run_is_reported_by_scrapyd_and_the_job_script(
    deployed: Scrapyd, tmp_path: Path
) -> None:
    """A portal answering 403 to everything: the job exits 3, and deploy/scrapyd_job.py exits 3 for cron."""
    from demoportal.server import DemoServer

    with DemoServer(deny=403) as blocked:
        settings = {"WARTA_DATA_DIR": str(tmp_path / "data"), **FAST_LOCAL}
        cmd = [sys.executable, str(JOB_SCRIPT), "--url", deployed.url, "--interval", "0.5"]
        cmd += ["jagatbisnis", "-a", f"base_url={blocked.base_url}"]
        cmd += [arg for name, value in settings.items() for arg in ("-s", f"{name}={value}")]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=JOB_TIMEOUT, env=_clean_env())

    assert result.returncode == 3, result.stderr
    assert "FAILED (exit 3)" in result.stderr
    assert "Warta run of jagatbisnis: FAILED: items_exported, http_403_rate" in result.stderr

    scrapyd_log = deployed.log.read_text(encoding="utf-8", errors="replace")
    died = [line for line in scrapyd_log.splitlines() if "Process died" in line and "'jagatbisnis'" in line]
    assert len(died) == 1, deployed.tail(deployed.log)
    assert "exitstatus=3" in died[0]
    assert "warta: the run failed: monitors failed:" in scrapyd_log


def test_job_script_refuses_an_unknown_spider_and_an_absent_scrapyd(deployed: Scrapyd) -> None:
    refused = subprocess.run(
        [sys.executable, str(JOB_SCRIPT), "--url", deployed.url, "no_such_portal"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert refused.returncode == 1
    assert "no_such_portal" in refused.stderr

    absent = subprocess.run(
        [sys.executable, str(JOB_SCRIPT), "--url", f"http://127.0.0.1:{_free_port()}/", "jagatbisnis"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert absent.returncode == 1
    assert "Connection refused" in absent.stderr
