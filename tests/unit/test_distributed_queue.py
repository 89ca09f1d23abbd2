"""How the shared queue stores a request: what ``Request.to_dict`` gives, without its costly lookup."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from scrapy import Request, Spider
from scrapy.http import FormRequest
from scrapy_redis import picklecompat

from crawler.distributed.queue import LifoPriorityQueue, request_dict


class _Spider(Spider):
    name = "probe"

    def parse_article(self, response: Any) -> None: ...

    def article_failed(self, failure: Any) -> None: ...


class _AliasSpider(_Spider):
    also_parse = _Spider.parse_article  # the same function under a second name (Scrapy names it so)


def _queue(spider: Spider) -> LifoPriorityQueue:
    return LifoPriorityQueue(server=None, spider=spider, key="q:%(spider)s", serializer=picklecompat)


@pytest.mark.parametrize(
    "make",
    [
        lambda s: Request("http://x/a/", callback=s.parse_article, errback=s.article_failed),
        lambda s: Request("http://x/b/", meta={"warta_signal": "2022"}, priority=-1, dont_filter=True),
        lambda s: FormRequest("http://x/c/", formdata={"q": "1"}, callback=s.parse_article),
    ],
)
def test_a_request_is_stored_as_scrapy_stores_it(make: Any) -> None:
    spider = _Spider()
    request = make(spider)
    assert request_dict(request, spider) == request.to_dict(spider=spider)


def test_storing_a_request_does_not_list_the_spiders_members(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scrapy finds a callback's name by listing every member of the spider, twice a request (~60 µs, more
    than any other per-request work of a worker): the function's own name is looked up instead."""
    spider = _AliasSpider()
    queue = _queue(spider)

    def listed(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the spider's members were listed")

    monkeypatch.setattr(inspect, "getmembers", listed)
    request = Request("http://x/a/", callback=spider.parse_article, errback=spider.article_failed)
    back = queue._decode_request(queue._encode_request(request))
    assert (back.callback, back.errback) == (spider.parse_article, spider.article_failed)
    aliased = queue._decode_request(queue._encode_request(Request("http://x/b/", callback=spider.also_parse)))
    assert aliased.callback.__func__ is spider.parse_article.__func__


def test_a_callback_the_spider_does_not_have_fails_as_in_scrapy() -> None:
    spider = _Spider()
    with pytest.raises(ValueError, match="not an instance method"):
        _queue(spider)._encode_request(Request("http://x/a/", callback=lambda response: None))
