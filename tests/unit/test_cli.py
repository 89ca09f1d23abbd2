"""The ``warta`` command's in-process subcommands: extract, profiles check, report (state: see
test_state_operations.py; crawl and demo run Scrapy and a server: tests/e2e/test_warta_command.py)."""

from __future__ import annotations

import io
import json
import sys
import types
from pathlib import Path

import pytest

import crawler.profiles as profiles
from crawler.cli import report as report_command
from crawler.cli.main import main
from crawler.extract import extract_article
from crawler.items import EXPORT_FIELDS
from crawler.profiles import load_profile, profile_names

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "portals"
KOMPAS_URL = (
    "https://nasional.kompas.com/read/2025/05/28/13300061/dpr-setujui-revisi-uu-bumn-jadi-usul-inisiatif"
)


def test_extract_prints_the_item_the_crawl_would_export(capsys):
    page = FIXTURES / "kompas" / "article.html"
    assert main(["extract", str(page), "--url", KOMPAS_URL]) == 0
    printed = json.loads(capsys.readouterr().out)
    item = extract_article(page.read_bytes(), KOMPAS_URL, load_profile("kompas"))
    assert list(printed) == EXPORT_FIELDS
    assert printed == {name: item[name] for name in EXPORT_FIELDS}
    assert printed["headline"] == json.loads((FIXTURES / "kompas" / "expected.json").read_text())["headline"]
    assert printed["portal"] == "kompas" and printed["extractedBy"] == "profile"


def test_extract_reads_standard_input_and_shows_internal_fields_on_request(capsys, monkeypatch):
    page = (FIXTURES / "kompas" / "article.html").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page)))
    assert main(["extract", "-", "--url", KOMPAS_URL, "--internal"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["pageType"] == "article" and printed["authors"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-page.html", "--url", KOMPAS_URL], "cannot read no-such-page.html"),
        (["-", "--url", "nasional.kompas.com/read/1"], "--url must be an http(s) URL"),
        (["-", "--url", KOMPAS_URL, "--profile", "nosuch"], "no profile named 'nosuch'"),
    ],
)
def test_extract_refuses_bad_input_with_a_reason(capsys, monkeypatch, args, message):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"<html></html>")))
    assert main(["extract", *args]) == 1
    captured = capsys.readouterr()
    assert message in captured.err and captured.out == ""


def test_profiles_check_passes_on_the_shipped_profiles(capsys):
    assert main(["profiles", "check"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:-1] == [f"ok     {name}" for name in profile_names()]
    assert out[-1].startswith(f"{len(profile_names())} of {len(profile_names())} profiles")


@pytest.fixture
def profiles_dir(tmp_path, monkeypatch):
    """A profiles folder of the shipped jagatbisnis and two broken copies (bad TOML, bad selector)."""
    good = (Path(profiles.__file__).parent / "portals" / "jagatbisnis.toml").read_text(encoding="utf-8")
    (tmp_path / "jagatbisnis.toml").write_text(good, encoding="utf-8")
    (tmp_path / "badtoml.toml").write_text(good + "\n[selectors\n", encoding="utf-8")
    bad_selector = good.replace('name = "jagatbisnis"', 'name = "badselector"', 1)
    bad_selector = bad_selector.replace('section = [".jb-post__category a"', 'section = ["div[[oops"', 1)
    (tmp_path / "badselector.toml").write_text(bad_selector, encoding="utf-8")
    monkeypatch.setattr(profiles, "PORTALS_DIR", tmp_path)
    profiles._load.cache_clear()
    yield tmp_path
    profiles._load.cache_clear()


def test_profiles_check_names_each_broken_profile_and_exits_1(profiles_dir, capsys):
    assert main(["profiles", "check"]) == 1
    captured = capsys.readouterr()
    lines = dict(line.split(None, 1) for line in captured.out.splitlines())
    assert lines["ok"] == "jagatbisnis"
    broken = [line for line in captured.out.splitlines() if line.startswith("BROKEN")]
    assert [line.split(":")[0] for line in broken] == ["BROKEN badselector", "BROKEN badtoml"]
    assert "div[[oops" in broken[0] and str(profiles_dir / "badtoml.toml") in broken[1]
    assert "broken: badselector, badtoml" in captured.err


def test_report_says_clearly_when_there_is_no_crawl_history(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(report_command, "HISTORY_MODULE", "crawler.monitoring.no_such_history")
    assert main(["report", str(tmp_path)]) == 1
    assert "no crawl history" in capsys.readouterr().err


def test_report_rebuilds_the_history_through_the_monitoring_module(tmp_path, capsys, monkeypatch):
    calls = []

    def rebuild_history(data_dir: Path) -> Path:
        calls.append(data_dir)
        return data_dir / "reports" / "index.html"

    fake = types.ModuleType("crawler.monitoring.fake_history")
    fake.rebuild_history = rebuild_history  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, fake.__name__, fake)
    monkeypatch.setattr(report_command, "HISTORY_MODULE", fake.__name__)
    assert main(["report", str(tmp_path)]) == 0
    assert calls == [tmp_path]
    assert (
        capsys.readouterr().out.strip() == f"crawl history written to {tmp_path / 'reports' / 'index.html'}"
    )
    assert main(["report", str(tmp_path / "missing")]) == 1


def test_a_bad_command_line_exits_2(capsys):
    with pytest.raises(SystemExit) as done:
        main(["state", "purge", "--spider", "jagatbisnis"])
    assert done.value.code == 2
    assert "invalid choice: 'purge'" in capsys.readouterr().err
