"""``scrapy check`` for spiders made from profiles (issue 14, item 5): each profile names the article its
contracts read (``check_url``), and the contracts fail on what a dataclass item's ``@scrapes`` cannot see: an
empty field, or a page the profile's selectors no longer read."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from scrapy.contracts import ContractsManager
from scrapy.exceptions import ContractFail
from scrapy.settings import Settings
from scrapy.utils.conf import build_component_list
from scrapy.utils.misc import load_object
from scrapy.utils.test import get_crawler

import crawler.settings as project_settings
from crawler.extract import extract_article
from crawler.items import ArticleItem
from crawler.profiles import ProfileError, load_profile, parse_profile, profile_names
from spiders.contracts import CheckPageContract, ExtractedByContract, FillsContract
from spiders.portal import GenericPortalSpider
from spiders.portals import JagatbisnisSpider, KompasSpider

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "portals" / "kompas" / "article.html"
MINIMAL = {"name": "x", "base_url": "https://x.example"}


# ---- check_url in the profile ----------------------------------------------------------------------
def test_the_check_page_follows_the_base_url() -> None:
    profile = parse_profile({**MINIMAL, "check_url": "/2024/05/28/a-slug/"})
    assert profile.check_page == "https://x.example/2024/05/28/a-slug/"
    assert (
        profile.with_base_url("http://127.0.0.1:8765").check_page
        == "http://127.0.0.1:8765/2024/05/28/a-slug/"
    )
    assert parse_profile(MINIMAL).check_page is None


@pytest.mark.parametrize(
    "value", ["https://x.example/2024/05/28/a/", "//evil.example/a/", "2024/05/28/a/", "/a/#top", 5]
)
def test_a_check_url_that_is_not_a_path_is_refused(value: object) -> None:
    with pytest.raises(ProfileError, match="check_url"):
        parse_profile({**MINIMAL, "check_url": value})


def test_every_shipped_profile_names_its_check_page() -> None:
    missing = [name for name in profile_names() if not load_profile(name).check_url]
    assert missing == []


# ---- the contracts ---------------------------------------------------------------------------------
def _spider(cls=JagatbisnisSpider, **arguments):
    return get_crawler(cls, {"WARTA_DATA_DIR": "/nonexistent"})._create_spider(**arguments)


def _manager() -> ContractsManager:
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    paths = build_component_list(settings.get_component_priority_dict_with_base("SPIDER_CONTRACTS"))
    return ContractsManager(load_object(path) for path in paths)


def test_every_profile_spider_is_checked_on_its_page_the_portal_spider_is_not() -> None:
    manager = _manager()
    assert manager.tested_methods_from_spidercls(JagatbisnisSpider) == ["parse"]
    assert manager.tested_methods_from_spidercls(GenericPortalSpider) == []  # no profile, no page
    spider = _spider(base_url="http://127.0.0.1:8765")
    names = [contract.name for contract in manager.extract_contracts(spider.parse)]
    assert names == ["check_page", "returns", "returns", "fills", "extracted_by"]
    request = manager.from_method(spider.parse, results=None)  # type: ignore[arg-type]
    assert request is not None
    assert (
        request.url
        == "http://127.0.0.1:8765/2022/03/15/china-sebut-rusia-bersedia-adakan-pembicaraan-perdamaian/"
    )


def test_a_profile_without_a_check_page_is_an_error_that_says_so() -> None:
    spider = _spider()
    spider.profile = dataclasses.replace(spider.profile, check_url="")
    with pytest.raises(ContractFail, match="profile 'jagatbisnis' names no check_url"):
        CheckPageContract(spider.parse).adjust_request_args({})


def _item(**changes: object) -> ArticleItem:
    """The kompas fixture page read with its profile, as the spider reads it."""
    url = (
        "https://nasional.kompas.com/read/2025/05/28/13300061/dpr-setujui-revisi-uu-bumn-jadi-usul-inisiatif"
    )
    item = extract_article(FIXTURE.read_text(encoding="utf-8"), url, load_profile("kompas"))
    return dataclasses.replace(item, **changes)


def test_fills_wants_a_value_in_each_field() -> None:
    contract = FillsContract(_spider(KompasSpider).parse, "headline", "articleBody", "authors")
    contract.post_process([_item()])
    for empty in ({"articleBody": ""}, {"authors": []}, {"headline": None}):
        with pytest.raises(ContractFail, match=f"empty fields: {next(iter(empty))}"):
            contract.post_process([_item(**empty)])


def test_extracted_by_wants_the_profile_to_have_read_the_page() -> None:
    contract = ExtractedByContract(_spider(KompasSpider).parse, "profile")
    assert _item().extractedBy == "profile"
    contract.post_process([_item()])
    drifted = _item(extractedBy="generic", profileMisses=["body", "headline"])
    with pytest.raises(ContractFail, match=r"extracted by 'generic', not 'profile'.*missed body, headline"):
        contract.post_process([drifted])
