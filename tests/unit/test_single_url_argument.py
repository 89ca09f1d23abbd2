"""``-a url=`` names a page of the portal (issue 12, item 16): a page elsewhere would be labelled with the
portal, read with its selectors, and its own host's robots.txt never asked."""

from __future__ import annotations

import pytest
from scrapy.utils.test import get_crawler

from spiders.portal import GenericPortalSpider
from spiders.portals import JagatbisnisSpider


def _spider(cls, **arguments):
    return get_crawler(cls, {"WARTA_DATA_DIR": "/nonexistent"})._create_spider(**arguments)


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/2023/01/10/a/",
        "https://jagatbisnis.com.evil.example/2023/01/10/a/",
        "https://jagatbisnis.com:8443/2023/01/10/a/",
    ],
)
def test_a_page_off_the_portal_is_refused_with_the_way_to_fetch_it(url: str) -> None:
    with pytest.raises(ValueError, match="not on the jagatbisnis portal") as refused:
        _spider(JagatbisnisSpider, url=url)
    assert f"scrapy crawl portal -a url={url}" in str(refused.value)


def test_a_page_off_the_base_url_is_refused() -> None:
    with pytest.raises(ValueError, match="not on the jagatbisnis portal"):
        _spider(
            JagatbisnisSpider, base_url="http://127.0.0.1:8765", url="http://127.0.0.1:8766/2023/01/10/a/"
        )


@pytest.mark.parametrize(
    ("arguments", "single"),
    [
        ({"url": "https://jagatbisnis.com/2023/01/10/a/"}, "https://jagatbisnis.com/2023/01/10/a/"),
        ({"url": "http://jagatbisnis.com/2023/01/10/a/"}, "http://jagatbisnis.com/2023/01/10/a/"),
        (
            {"base_url": "http://127.0.0.1:8765", "url": "http://127.0.0.1:8765/2023/01/10/a/"},
            "http://127.0.0.1:8765/2023/01/10/a/",
        ),
    ],
)
def test_a_page_of_the_portal_is_taken(arguments: dict, single: str) -> None:
    assert _spider(JagatbisnisSpider, **arguments).single_url == single


def test_the_portal_spider_takes_any_host() -> None:
    spider = _spider(GenericPortalSpider, url="https://evil.example/2023/01/10/a/")
    assert spider.single_url == "https://evil.example/2023/01/10/a/"
    assert spider.profile.name == "evil.example"
