"""``scrapy parse``, ``check``, ``fetch``, ``view`` and ``shell`` look at pages and keep no records (issue 14,
item 5): their commands switch ``WARTA_RECORD_RUN`` off, every component that writes to the data folder
steps aside then, and a portal spider reads the page they name on the page's own host."""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

import pytest
from scrapy import Request, Spider
from scrapy.exceptions import NotConfigured
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.spider import spidercls_for_request
from scrapy.utils.test import get_crawler

import crawler.settings as project_settings
from crawler.commands.looking import point_at_page
from crawler.console.progress import ConsoleProgress
from crawler.defaults import DELIVERING_FEED_EXPORTER, SCRAPY_FEED_EXPORTER
from crawler.distributed.addon import RedisAddon
from crawler.exports.recovery import ExportRecovery
from crawler.monitoring.extension import RunMonitor
from crawler.runmode import CommandPage, records_run
from crawler.state.component import ArticleState
from pipelines.dedup import DedupPipeline
from pipelines.postgres import PostgresPipeline
from spiders.portal import GenericPortalSpider
from spiders.portals import JagatbisnisSpider

LOOK = {"WARTA_RECORD_RUN": False}
DEMO_PAGE = "http://127.0.0.1:8765/2022/03/15/china-sebut-rusia-bersedia-adakan-pembicaraan-perdamaian/"


def _crawler(tmp_path: Path, **settings: object):
    return get_crawler(JagatbisnisSpider, {"WARTA_DATA_DIR": str(tmp_path), **settings})


# ---- the commands -----------------------------------------------------------------------------------
def _record_setting_after(command: str, *argv: str) -> bool:
    """WARTA_RECORD_RUN once the project's command has read its command line, as scrapy.cmdline does."""
    cmd = importlib.import_module(f"crawler.commands.{command}").Command()
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    settings.setdict(cmd.default_settings, priority="command")
    cmd.settings = settings
    parser = argparse.ArgumentParser(conflict_handler="resolve")
    cmd.add_options(parser)
    opts, args = parser.parse_known_args(list(argv))
    cmd.process_options(args, opts)
    return records_run(settings)


@pytest.mark.parametrize("command", ["parse", "check", "fetch", "view", "shell"])
def test_the_commands_that_look_at_pages_keep_no_records(command: str) -> None:
    assert _record_setting_after(command) is False
    assert _record_setting_after(command, "-s", "WARTA_RECORD_RUN=True") is True  # asked for, on the line


def test_crawl_keeps_its_records() -> None:
    assert _record_setting_after("crawl", "jagatbisnis") is True


# ---- what the spider and each component do then --------------------------------------------------------
def test_a_crawl_gets_the_default_export_through_the_delivering_exporter(tmp_path: Path) -> None:
    settings = _crawler(tmp_path).settings
    assert list(settings.getdict("FEEDS")) == [project_settings.WARTA_DEFAULT_FEED]
    assert DELIVERING_FEED_EXPORTER in settings.getdict("EXTENSIONS_BASE")


def test_a_look_gets_no_default_export_and_scrapys_own_exporter(tmp_path: Path) -> None:
    settings = _crawler(tmp_path, **LOOK).settings
    assert settings.getdict("FEEDS") == {}
    base = settings.getdict("EXTENSIONS_BASE")
    assert SCRAPY_FEED_EXPORTER in base
    assert DELIVERING_FEED_EXPORTER not in base


@pytest.mark.parametrize(
    "component",
    [RunMonitor, ConsoleProgress, ExportRecovery, DedupPipeline, PostgresPipeline],
    ids=lambda c: c.__name__,
)
def test_a_look_turns_off_what_writes_to_the_data_folder(tmp_path: Path, component: type) -> None:
    crawler = _crawler(tmp_path, WARTA_POSTGRES_DSN="postgresql://nobody@127.0.0.1:1/none", **LOOK)
    with pytest.raises(NotConfigured):
        component.from_crawler(crawler)
    assert list(tmp_path.iterdir()) == []


def test_the_same_components_run_for_a_crawl(tmp_path: Path) -> None:
    crawler = _crawler(tmp_path)
    assert isinstance(RunMonitor.from_crawler(crawler), RunMonitor)
    assert isinstance(ConsoleProgress.from_crawler(crawler), ConsoleProgress)
    pipeline = DedupPipeline.from_crawler(crawler)
    assert pipeline.state.store.path == tmp_path.resolve() / "state" / "jagatbisnis.sqlite"
    pipeline.state.close()


def test_a_look_reads_an_empty_state_kept_in_memory(tmp_path: Path) -> None:
    """The discovery callbacks still run (``scrapy parse -c parse_feed``), and their records go nowhere."""
    crawler = _crawler(tmp_path, **LOOK)
    spider = crawler._create_spider()
    state = ArticleState.from_crawler(crawler)
    assert spider.store is state.store
    assert len(state.store) == 0
    state.store.mark_fetched("https://jagatbisnis.com/2022/03/15/a/", "2022-03-15")
    assert state.store.fetched_signal("https://jagatbisnis.com/2022/03/15/a/") == (True, "2022-03-15")
    state.close()
    assert list(tmp_path.iterdir()) == []


def test_a_look_never_joins_a_shared_crawl() -> None:
    settings = Settings({"REDIS_URL": "redis://127.0.0.1:1/0", **LOOK})
    settings.setmodule(project_settings, priority="project")
    RedisAddon().update_settings(settings)
    assert settings["SCHEDULER"] == project_settings.SCHEDULER
    assert settings["WARTA_ARTICLE_STORE"] == project_settings.WARTA_ARTICLE_STORE


# ---- the page a command names ---------------------------------------------------------------------
@pytest.fixture
def named(monkeypatch: pytest.MonkeyPatch):
    def name(url: str | None) -> None:
        monkeypatch.setattr(CommandPage, "url", None)
        point_at_page(url)

    return name


def test_a_page_off_the_profile_points_the_profile_at_its_origin(tmp_path: Path, named) -> None:
    named(DEMO_PAGE)
    spider = _crawler(tmp_path, **LOOK)._create_spider()
    assert spider.profile.base_url == "http://127.0.0.1:8765"
    assert spider.profile.origins == ("http://127.0.0.1:8765",)
    assert spider.profile.selectors == JagatbisnisSpider(base_url="https://jagatbisnis.com").profile.selectors


def test_a_page_of_the_profile_leaves_it_alone(tmp_path: Path, named) -> None:
    named("https://www.jagatbisnis.com/2022/03/15/a/")
    assert _crawler(tmp_path, **LOOK)._create_spider().profile.base_url == "https://jagatbisnis.com"


def test_base_url_says_where_the_portal_is(tmp_path: Path, named) -> None:
    named(DEMO_PAGE)
    spider = _crawler(tmp_path, **LOOK)._create_spider(base_url="http://127.0.0.1:9000")
    assert spider.profile.base_url == "http://127.0.0.1:9000"


def test_the_portal_spider_reads_the_named_page_without_arguments(tmp_path: Path, named) -> None:
    named(DEMO_PAGE)
    spider = get_crawler(GenericPortalSpider, {"WARTA_DATA_DIR": str(tmp_path)})._create_spider()
    assert spider.profile.name == "127.0.0.1"
    assert spider.profile.base_url == "http://127.0.0.1:8765"


@pytest.mark.parametrize(
    ("argument", "page"),
    [
        ("jagatbisnis.com/2022/03/15/a/", "http://jagatbisnis.com/2022/03/15/a/"),  # as Scrapy guesses it
        ("./saved.html", None),  # scrapy shell opens local files itself; nothing for the spider
        ("ftp://127.0.0.1/a", None),
        (None, None),
    ],
)
def test_only_a_web_page_is_named(named, argument: str | None, page: str | None) -> None:
    named(argument)
    assert CommandPage.url == page


def test_a_page_of_a_profile_finds_its_spider_alone() -> None:
    """``scrapy parse|fetch|shell URL`` without ``--spider``: Scrapy asks each spider if it handles it."""
    loader = SpiderLoader.from_settings(Settings({"SPIDER_MODULES": ["spiders"]}))

    def found(url: str) -> type[Spider]:
        return spidercls_for_request(loader, Request(url), Spider)

    assert found("https://jagatbisnis.com/2022/03/15/a/").name == "jagatbisnis"
    assert found("https://nasional.kompas.com/read/2025/05/28/13300061/a").name == "kompas"
    assert found("http://127.0.0.1:8765/2022/03/15/a/") is Spider  # no profile's: the command's default
    assert not GenericPortalSpider.handles_request(Request("https://jagatbisnis.com/2022/03/15/a/"))
