"""The hostile-input middlewares one by one, on realistic pages and answers (no crawl, no network)."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from scrapy.exceptions import DownloadCancelledError, DownloadFailedError, DownloadTimeoutError, IgnoreRequest
from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler
from twisted.internet.error import ConnectionLost
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed

from crawler.download_handler import HeadersTooLarge
from crawler.extract.mojibake import fix_mojibake
from crawler.middlewares.badresponse import (
    BadResponseStats,
    CountedRedirectMiddleware,
    exception_reason,
)
from crawler.middlewares.charset import CharsetRepairMiddleware, looks_binary
from crawler.middlewares.cookies import BoundedCookiesMiddleware
from crawler.middlewares.crawldelay import CrawlDelayMiddleware
from crawler.middlewares.retryafter import RetryAfterMiddleware, retry_after_seconds
from crawler.middlewares.robotstxt import BoundedRobotParser, within_limit
from crawler.middlewares.truncation import TruncatedHtmlMiddleware, is_truncated_html

URL = "https://jagatbisnis.com/2022/03/15/china-sebut-rusia-bersedia-adakan-pembicaraan-perdamaian/"
PARAGRAPH = (
    "“Rusia bersedia melanjutkan pembicaraan damai,” kata Wang Yi kepada Menteri Luar Negeri "
    "Ukraina Dmytro Kuleba — menurut pernyataan yang dirilis Kementerian Luar Negeri China, Senin (14/3)."
)
PAGE = (
    '<!DOCTYPE html>\n<html lang="id-ID">\n<head>\n<meta charset="{charset}">\n'
    "<title>China Sebut Rusia Bersedia Adakan Pembicaraan Perdamaian – JagatBisnis</title>\n</head>\n"
    '<body class="single">\n<article><h1 class="entry-title">China Sebut Rusia Bersedia</h1>\n'
    '<div class="entry-content"><p>{paragraph}</p><p>Pemimpin Redaksi: José Ramos-Horta’s café.</p></div>'
    "</article>\n</body>\n</html>\n"
)


def stats() -> MemoryStatsCollector:
    return MemoryStatsCollector(get_crawler())


def html(body: bytes, content_type: str) -> HtmlResponse:
    return HtmlResponse(URL, body=body, headers={"Content-Type": content_type}, request=Request(URL))


def repaired(response: Response, collector: MemoryStatsCollector | None = None) -> Response:
    return CharsetRepairMiddleware(collector or stats()).process_response(response.request, response)


# Charsets ---------------------------------------------------------------------------------------------


def test_utf8_labelled_windows_1252_is_read_as_utf8():
    page = PAGE.format(charset="windows-1252", paragraph=PARAGRAPH).encode("utf-8")
    collector = stats()
    broken = html(page, "text/html; charset=windows-1252")
    assert "â€œRusia" in broken.text  # what the label alone gives
    fixed = repaired(broken, collector)
    assert PARAGRAPH in fixed.text
    assert "José Ramos-Horta’s café" in fixed.text
    assert collector.get_value("warta/bad_response/charset/utf8_labelled_single_byte") == 1


def test_windows_1252_labelled_utf8_is_read_as_windows_1252():
    page = PAGE.format(charset="UTF-8", paragraph=PARAGRAPH).encode("cp1252")
    collector = stats()
    broken = html(page, "text/html; charset=UTF-8")
    assert "\ufffd" in broken.text
    fixed = repaired(broken, collector)
    assert PARAGRAPH in fixed.text
    assert collector.get_value("warta/bad_response/charset/cp1252_labelled_utf8") == 1


def test_missing_charset_utf8_page_keeps_its_text():
    page = PAGE.replace('<meta charset="{charset}">\n', "").format(paragraph=PARAGRAPH).encode("utf-8")
    fixed = repaired(html(page, "text/html"))
    assert PARAGRAPH in fixed.text


def test_mojibake_in_a_utf8_page_is_left_to_the_extractor():
    # Decoded as browsers do: windows-1252, its undefined bytes (0x9d in "”") as Latin-1 controls.
    garbled = "".join(
        bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in PARAGRAPH.encode("utf-8")
    )
    assert garbled != PARAGRAPH and "â€" in garbled
    page = PAGE.format(charset="UTF-8", paragraph=garbled).encode("utf-8")
    collector = stats()
    response = html(page, "text/html; charset=UTF-8")
    # labelled right and read right: the text itself is wrong, which the extractor repairs (and the
    # spider counts, tests/unit/test_spider_article.py)
    assert repaired(response, collector) is response
    assert collector.get_value("warta/bad_response") is None
    assert fix_mojibake(response.text)[0] == PAGE.format(charset="UTF-8", paragraph=PARAGRAPH)


def test_correct_pages_are_left_alone():
    for encoding, label in (("utf-8", "UTF-8"), ("cp1252", "windows-1252")):
        page = PAGE.format(charset=label, paragraph=PARAGRAPH).encode(encoding)
        collector = stats()
        response = html(page, f"text/html; charset={label}")
        assert repaired(response, collector) is response
        assert collector.get_value("warta/bad_response") is None


def test_fix_mojibake_leaves_real_latin_text():
    text = "Ibu kota Timor Leste, Díli; café “Señor” — 100°C, Ã¼ber"
    fixed, count = fix_mojibake(text)
    assert count == 1 and fixed == "Ibu kota Timor Leste, Díli; café “Señor” — 100°C, über"


# Binary labelled as text ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        bytes.fromhex("89504e470d0a1a0a0000000d49484452") + b"\x00" * 40,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03",
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00",
        b"<html>\x00\x00\x00\x01binary",
    ],
)
def test_binary_labelled_html_becomes_non_text(body):
    collector = stats()
    result = repaired(html(body, "text/html; charset=UTF-8"), collector)
    assert not isinstance(result, TextResponse)
    assert result.body == body
    assert collector.get_value("warta/bad_response/binary_as_text") == 1


@pytest.mark.parametrize("declared", ["meta", "header"])
@pytest.mark.parametrize("label", ["utf-16", "UTF-16LE", "utf-32"])
def test_a_single_byte_page_labelled_utf16_is_read_as_utf8(declared, label):
    """``<meta charset="utf-16">`` on a UTF-8 page (browsers read it as UTF-8); the header's label alike."""
    page = PAGE.format(charset=label if declared == "meta" else "", paragraph=PARAGRAPH).encode("utf-8")
    collector = stats()
    broken = html(page, f"text/html; charset={label}" if declared == "header" else "text/html")
    assert PARAGRAPH not in broken.text  # what the label alone gives: a page of CJK-looking characters
    fixed = repaired(broken, collector)
    assert PARAGRAPH in fixed.text and "José Ramos-Horta’s café" in fixed.text
    assert collector.get_value("warta/bad_response/charset/single_byte_labelled_utf16") == 1


def test_a_windows_1252_page_labelled_utf16_is_read_as_windows_1252():
    page = PAGE.format(charset="utf-16", paragraph=PARAGRAPH).encode("cp1252")
    fixed = repaired(html(page, "text/html"))
    assert PARAGRAPH in fixed.text


def test_a_utf16_page_with_its_bom_is_left_alone():
    page = PAGE.format(charset="utf-16", paragraph=PARAGRAPH).encode("utf-16")
    collector = stats()
    response = html(page, "text/html; charset=utf-16")
    assert repaired(response, collector) is response
    assert PARAGRAPH in response.text
    assert collector.get_value("warta/bad_response") is None


def test_utf16_html_is_not_binary():
    assert not looks_binary("\ufeff<html><body>Berita</body></html>".encode("utf-16"))


# Truncated HTML -------------------------------------------------------------------------------------------


def test_truncated_html_is_retried_then_refused():
    page = PAGE.format(charset="UTF-8", paragraph=PARAGRAPH).encode("utf-8")
    assert not is_truncated_html(page)
    cut = page[: len(page) // 2]
    assert is_truncated_html(cut)
    crawler = get_crawler(settings_dict={"RETRY_TIMES": 1})
    crawler.stats = MemoryStatsCollector(crawler)
    crawler.spider = SimpleNamespace(name="jagatbisnis", crawler=crawler)
    middleware = TruncatedHtmlMiddleware(crawler)
    first = html(cut, "text/html; charset=UTF-8")
    retry = middleware.process_response(first.request, first)
    assert isinstance(retry, Request) and retry.url == URL
    again = HtmlResponse(URL, body=cut, headers={"Content-Type": "text/html"}, request=retry)
    refused = middleware.process_response(retry, again)
    assert not isinstance(refused, TextResponse) and "truncated" in refused.flags
    assert crawler.stats.get_value("warta/bad_response/truncated_html") == 2
    whole = html(page, "text/html; charset=UTF-8")
    assert middleware.process_response(whole.request, whole) is whole


def test_a_page_with_scripts_after_its_close_is_whole_and_a_cut_one_is_not():
    """Real portals (Tempo, 2016) put kilobytes of scripts after ``</html>``; only a page that closes
    nowhere is cut."""
    page = PAGE.format(charset="UTF-8", paragraph=PARAGRAPH).encode("utf-8")
    slot = b'<script>var slot%d = {"id": "div-gpt-ad-%d"};</script>\n'
    scripts = b"".join(slot % (i, i) for i in range(150))
    assert len(scripts) > 4096
    assert not is_truncated_html(page + scripts)
    assert is_truncated_html(page[: len(page) // 2] + scripts)


# Retry-After ----------------------------------------------------------------------------------------------


def test_retry_after_values():
    now = datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(b"120") == 120
    assert retry_after_seconds("Sat, 28 Nov 2026 12:00:30 GMT", now=now) == 30
    assert retry_after_seconds("Sat, 28 Nov 2026 11:00:00 GMT", now=now) == 0
    assert retry_after_seconds(b"soon") is None
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("-5") is None


def _throttle_fixture(max_wait: float = 120):
    crawler = get_crawler(settings_dict={"WARTA_RETRY_AFTER_MAX": max_wait})
    crawler.stats = MemoryStatsCollector(crawler)
    slot = SimpleNamespace(delay=0.25, lastseen=0.0)
    crawler.engine = SimpleNamespace(downloader=SimpleNamespace(slots={"jagatbisnis.com": slot}))
    request = Request(URL, meta={"download_slot": "jagatbisnis.com"})
    return RetryAfterMiddleware(crawler), crawler, slot, request


def test_429_with_retry_after_slows_the_host_until_the_wait_is_over():
    middleware, crawler, slot, request = _throttle_fixture()
    busy = Response(URL, status=429, headers={"Retry-After": "7"}, request=request)
    assert middleware.process_response(request, busy) is busy  # RetryMiddleware retries it
    assert slot.delay == 7 and slot.lastseen > 0
    ok = Response(URL, status=200, request=request)
    middleware.process_response(request, ok)  # an answer to a request sent before the 429
    assert slot.delay == 7
    middleware._saved["jagatbisnis.com"] = (0.25, 0.0)  # the wait is over
    middleware.process_response(request, ok)
    assert slot.delay == 0.25
    assert crawler.stats.get_value("warta/retry_after/honoured") == 1


def test_retry_after_is_capped_and_503_without_it_is_left_to_retry():
    middleware, crawler, slot, request = _throttle_fixture(max_wait=30)
    middleware.process_response(request, Response(URL, status=503, headers={"Retry-After": "86400"}))
    assert slot.delay == 30
    assert crawler.stats.get_value("warta/retry_after/capped") == 1
    middleware, crawler, slot, request = _throttle_fixture()
    middleware.process_response(request, Response(URL, status=503))
    assert slot.delay == 0.25


# Counting and redirects ------------------------------------------------------------------------------


def test_bad_statuses_and_empty_pages_are_counted():
    collector = stats()
    middleware = BadResponseStats(collector)
    request = Request(URL)
    for status, body in ((403, b"<h1>403</h1>"), (500, b""), (200, b"  \n"), (200, b"<html></html>")):
        middleware.process_response(request, Response(URL, status=status, body=body))
    middleware.process_exception(request, DownloadTimeoutError("took longer than 30 seconds"))
    assert collector.get_value("warta/bad_response/http_403") == 1
    assert collector.get_value("warta/bad_response/http_500") == 1
    assert collector.get_value("warta/bad_response/empty_body") == 1
    assert collector.get_value("warta/bad_response/timeout") == 1
    assert collector.get_value("warta/bad_response") == 4


def test_exception_reasons():
    assert exception_reason(DownloadCancelledError("")) == "too_large"
    assert exception_reason(IgnoreRequest("Filtered offsite request to 'evil.com'")) == "offsite"
    assert exception_reason(IgnoreRequest("Forbidden by robots.txt")) == "robots_disallowed"
    assert exception_reason(ValueError("x")) == "exception/ValueError"


def failed_download(reason: BaseException) -> DownloadFailedError:
    """What Scrapy 2.19's HTTP handler raises for a response Twisted gave up on: its own error, from
    Twisted's ``ResponseFailed``."""
    try:
        try:
            raise ResponseFailed([Failure(reason)])
        except ResponseFailed as failed:
            raise DownloadFailedError(str(failed)) from failed
    except DownloadFailedError as wrapped:
        return wrapped


def test_a_response_given_up_is_a_lost_connection_or_headers_too_large():
    assert exception_reason(failed_download(ConnectionLost())) == "connection_lost"
    assert exception_reason(failed_download(HeadersTooLarge("over 262144 bytes"))) == "headers_too_large"
    assert exception_reason(DownloadFailedError("no cause kept")) == "connection_lost"


@pytest.mark.parametrize(
    ("location", "reason"),
    [
        ("file:///etc/passwd", "redirect_bad_scheme"),
        ("javascript:alert(1)", "redirect_bad_scheme"),
        ("https://evil.example/steal", "redirect_offsite"),
        ("//evil.example/steal", "redirect_offsite"),
        ("http://[jagatbisnis.com/2023/03/15/x/", "redirect_bad_location"),  # urljoin raises on it
    ],
)
def test_redirects_out_of_the_site_are_not_followed(location, reason):
    crawler = get_crawler(settings_dict={"REDIRECT_MAX_TIMES": 5})
    crawler.stats = MemoryStatsCollector(crawler)
    crawler.spider = SimpleNamespace(allowed_domains=["jagatbisnis.com"], handle_httpstatus_list=())
    middleware = CountedRedirectMiddleware(crawler.settings)
    middleware.crawler = crawler
    request = Request(URL)
    response = Response(URL, status=301, headers={"Location": location}, request=request)
    assert middleware.process_response(request, response) is response
    assert crawler.stats.get_value(f"warta/bad_response/{reason}") == 1


def test_same_site_redirect_followed_and_loop_counted():
    crawler = get_crawler(settings_dict={"REDIRECT_MAX_TIMES": 2})
    crawler.stats = MemoryStatsCollector(crawler)
    crawler.spider = SimpleNamespace(allowed_domains=["jagatbisnis.com"], handle_httpstatus_list=())
    middleware = CountedRedirectMiddleware(crawler.settings)
    middleware.crawler = crawler
    request = Request(URL)
    for _ in range(2):
        response = Response(request.url, status=302, headers={"Location": URL + "?n=1"}, request=request)
        request = middleware.process_response(request, response)
        assert isinstance(request, Request) and request.url.startswith("https://jagatbisnis.com/")
    with pytest.raises(IgnoreRequest):
        middleware.process_response(request, Response(request.url, status=302, headers={"Location": URL}))
    assert crawler.stats.get_value("warta/bad_response/redirect_loop") == 1


# robots.txt ---------------------------------------------------------------------------------------------

# A WordPress portal's robots.txt (the demo portal's, with CRLF line ends as some servers send them).
ROBOTS = (
    b"User-agent: *\r\nDisallow: /wp-admin/\r\nAllow: /wp-admin/admin-ajax.php\r\nDisallow: /?s=\r\n"
    b"Sitemap: https://jagatbisnis.com/sitemap_index.xml\r\n"
)


def robots_crawler(limit: int) -> object:
    crawler = get_crawler(settings_dict={"WARTA_ROBOTSTXT_MAX_BYTES": limit})
    crawler.stats = MemoryStatsCollector(crawler)
    return crawler


@pytest.mark.parametrize("limit", [0, len(ROBOTS), 10_000])
def test_robots_txt_within_the_limit_is_read_whole(limit):
    assert within_limit(ROBOTS, limit) == ROBOTS
    parser = BoundedRobotParser.from_crawler(robots_crawler(limit), ROBOTS)
    assert parser.cut is None
    assert not parser.allowed("https://jagatbisnis.com/wp-admin/options.php", "warta")
    assert parser.allowed("https://jagatbisnis.com/wp-admin/admin-ajax.php", "warta")
    assert parser.allowed(URL, "warta")


def test_robots_txt_is_cut_after_its_last_whole_line_within_the_limit():
    # the limit falls inside "Disallow: /?s=": that line is not read at all, not read as "Disallow: /"
    limit = ROBOTS.index(b"/?s=") + 2
    assert within_limit(ROBOTS, limit) == ROBOTS[: ROBOTS.index(b"Disallow: /?s=")]
    assert within_limit(ROBOTS.replace(b"\r\n", b"\n"), limit - 6).endswith(b"admin-ajax.php\n")
    assert within_limit(b"Disallow: /" + b"x" * 100, 50) == b""  # no whole line within the limit


def test_rules_past_the_robots_txt_limit_are_not_applied_and_the_cut_is_counted(caplog):
    # a file of thousands of rules, as a misconfigured plugin writes one, with "Disallow: /" at its end
    filler = b"".join(b"Disallow: /private/section-%d/*/page-*.html$\n" % i for i in range(20_000))
    body = ROBOTS + filler + b"Disallow: /\n"
    crawler = robots_crawler(500 * 1024)
    parser = BoundedRobotParser.from_crawler(crawler, body)
    assert parser.cut is not None and parser.cut[0] == len(body) and parser.cut[1] <= 500 * 1024
    assert parser.allowed(URL, "warta")  # the last rule was past the limit
    assert not parser.allowed("https://jagatbisnis.com/wp-admin/options.php", "warta")  # the first ones hold
    assert not parser.allowed("https://jagatbisnis.com/private/section-7/a/page-2.html", "warta")
    whole = BoundedRobotParser.from_crawler(robots_crawler(0), body)
    assert whole.cut is None and not whole.allowed(URL, "warta")  # 0: read whole, as Scrapy does

    middleware = CrawlDelayMiddleware(crawler)
    with caplog.at_level("WARNING"):
        middleware.robots_parsed(parser, Request("https://jagatbisnis.com/robots.txt"))
    assert crawler.stats.get_value("warta/robots/cut") == 1
    assert f"robots.txt of jagatbisnis.com is {len(body) // 1024} KiB" in caplog.text
    middleware.robots_parsed(whole, Request("https://jagatbisnis.com/robots.txt"))
    assert crawler.stats.get_value("warta/robots/cut") == 1


def test_the_bounded_robots_parser_is_the_crawl_default():
    from crawler import settings

    assert settings.ROBOTSTXT_PARSER == "crawler.middlewares.robotstxt.BoundedRobotParser"
    assert settings.WARTA_ROBOTSTXT_MAX_BYTES == 500 * 1024  # RFC 9309: at least 500 KiB


# Cookies ------------------------------------------------------------------------------------------------


def cookie_middleware(limit: int) -> tuple[BoundedCookiesMiddleware, object]:
    crawler = get_crawler(settings_dict={"WARTA_COOKIES_MAX": limit})
    crawler.stats = MemoryStatsCollector(crawler)
    return BoundedCookiesMiddleware.from_crawler(crawler), crawler


def page_setting(middleware: BoundedCookiesMiddleware, url: str, *cookies: str) -> Request:
    """A page of ``url`` that sets ``cookies``; the next request to it, with the Cookie header it gets."""
    request = Request(url)
    middleware.process_request(request)
    response = Response(url, headers=[(b"Set-Cookie", c.encode()) for c in cookies], request=request)
    middleware.process_response(request, response)
    following = Request(url)
    middleware.process_request(following)
    return following


def sent(request: Request) -> list[str]:
    return sorted((request.headers.get("Cookie") or b"").decode().split("; "))


def test_a_sites_session_cookie_is_kept_updated_and_deleted_even_at_the_bound(caplog):
    middleware, crawler = cookie_middleware(3)
    first = page_setting(middleware, URL, "PHPSESSID=a1; Path=/", "consent=yes; Path=/", "theme=dark; Path=/")
    assert sent(first) == ["PHPSESSID=a1", "consent=yes", "theme=dark"]
    # at the bound: the session cookie is still renewed, a cookie is still deleted, and a new one fits again
    renewed = page_setting(middleware, URL, "PHPSESSID=b2; Path=/", "theme=; Path=/; Max-Age=0")
    assert sent(renewed) == ["PHPSESSID=b2", "consent=yes"]
    again = page_setting(middleware, URL, "lang=id; Path=/")
    assert sent(again) == ["PHPSESSID=b2", "consent=yes", "lang=id"]
    assert crawler.stats.get_value("warta/cookies/dropped") is None and not caplog.records


def test_tracking_cookies_of_new_names_on_every_page_stop_at_the_bound(caplog):
    middleware, crawler = cookie_middleware(50)
    page_setting(middleware, URL, "PHPSESSID=a1; Path=/")
    for page in range(20):  # an ad script's visitor ids: ten new names on every page
        last = page_setting(middleware, URL, *(f"_vid{page}_{i}=x; Path=/" for i in range(10)))
    cookies = sent(last)
    assert len(cookies) == 50 and "PHPSESSID=a1" in cookies  # the first ones set are the ones kept
    assert "_vid4_8=x" in cookies and "_vid4_9=x" not in cookies
    assert crawler.stats.get_value("warta/cookies/dropped") == 20 * 10 - 49
    assert caplog.text.count("sets more cookies than the 50 a crawl keeps") == 1


def test_a_cookie_for_a_whole_public_suffix_is_refused_without_asking_the_network(
    monkeypatch, tmp_path, caplog
):
    # Scrapy's own extractor as on a new machine (an empty cache): it tries the live list at the first
    # cookie (publicsuffix.org, then GitHub), logs the failure here, where nothing answers, and falls back
    from scrapy.downloadermiddlewares import cookies
    from tldextract import TLDExtract

    monkeypatch.setattr(
        cookies, "_split_domain", TLDExtract(cache_dir=str(tmp_path), include_psl_private_domains=True)
    )
    middleware, _ = cookie_middleware(50)
    url = "https://berita.co.id/2025/06/18/harga-beras-naik/"
    with caplog.at_level("DEBUG"):
        following = page_setting(
            middleware, url, "track=1; Domain=co.id; Path=/", "sid=9; Domain=berita.co.id; Path=/", "lang=id"
        )
    assert sent(following) == ["lang=id", "sid=9"]
    assert page_setting(middleware, "https://lain.co.id/", "x=1").headers.get("Cookie") == b"x=1"
    assert "public_suffix_list" not in caplog.text and not list(tmp_path.iterdir())


def test_the_bounded_cookie_jar_is_the_crawl_default():
    from crawler import settings

    middlewares = settings.DOWNLOADER_MIDDLEWARES
    assert middlewares["scrapy.downloadermiddlewares.cookies.CookiesMiddleware"] is None
    assert middlewares["crawler.middlewares.cookies.BoundedCookiesMiddleware"] == 700
    assert settings.WARTA_COOKIES_MAX == 50


def test_the_extractor_reads_a_saved_page_labelled_utf16_as_browsers_do():
    """``warta extract`` on the bytes of such a page (no response, no middleware): the same reading."""
    from crawler.extract.document import decode

    page = PAGE.format(charset="utf-16", paragraph=PARAGRAPH)
    assert decode(page.encode("utf-8")) == page
    assert decode(page.encode("utf-8"), "utf-16") == page
    assert decode(page.encode("utf-16")) == page  # real UTF-16, its BOM first
