"""The quick meta-refresh middleware decides as Scrapy's own: a page that holds no ``refresh`` in the text
Scrapy scans is passed on unscanned, every other page goes through Scrapy's code."""

from __future__ import annotations

import pytest
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, Request, TextResponse
from scrapy.utils.test import get_crawler

from crawler.middlewares.metarefresh import SCANNED_CHARS, QuickMetaRefreshMiddleware, may_refresh

URL = "https://jagatbisnis.com/2022/03/15/china-sebut/"
HEADS = (
    "<html><head><title>Berita</title></head><body><p>isi</p></body></html>",
    '<html><head><meta http-equiv="refresh" content="0; url=/baru/"></head></html>',
    '<html><head><META HTTP-EQUIV="Refresh" CONTENT="5;URL=https://jagatbisnis.com/lain/"></head></html>',
    '<html><head><meta http-equiv="REFRESH" content="0;url=/x/"></head></html>',
    '<html><head><meta http-equiv="refresh" content="999; url=/lambat/"></head></html>',  # over max delay
    '<html><head><script>var s = "<meta http-equiv=refresh content=0;url=/js/>";</script></head></html>',
    '<html><head><meta name="description" content="refresh the page"></head></html>',
    "<html><head>" + "x" * SCANNED_CHARS + '<meta http-equiv="refresh" content="0;url=/late/"></head></html>',
)


def _outcome(result: object) -> object:
    return result.url if isinstance(result, Request) else type(result).__name__


@pytest.mark.parametrize("html", HEADS)
def test_the_quick_middleware_decides_as_scrapy_s(html: str) -> None:
    settings = {"METAREFRESH_ENABLED": True}
    ours = QuickMetaRefreshMiddleware.from_crawler(get_crawler(settings_dict=settings))
    theirs = MetaRefreshMiddleware.from_crawler(get_crawler(settings_dict=settings))
    request = Request(URL)
    response = HtmlResponse(URL, body=html.encode(), encoding="utf-8", request=request)
    assert _outcome(ours.process_response(request, response)) == _outcome(
        theirs.process_response(request, response)
    )


def test_only_a_page_without_the_word_is_left_unscanned() -> None:
    page = HtmlResponse(URL, body=HEADS[0].encode(), encoding="utf-8")
    assert not may_refresh(page)
    assert may_refresh(HtmlResponse(URL, body=HEADS[2].encode(), encoding="utf-8"))
    assert may_refresh(TextResponse(URL, body=b"plain text"))  # not HTML: Scrapy's own code passes it on
