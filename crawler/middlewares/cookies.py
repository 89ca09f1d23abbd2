"""Scrapy's cookie middleware with a bounded cookie jar and the public suffix list tldextract ships.

Every cookie a site sets is kept for the whole crawl and sent back with every request to it, and each
request walks the whole jar to build its ``Cookie`` header: a site that sets ten tracking cookies of new
names on every page (an ad script's visitor ids) made the jar 10,000 cookies after 1,000 pages, 40 ms of
CPU and a 116 KB header on every request (170 ms and 496 KB at 40,000), until the server refuses the
header. Browsers cap a site's cookies, and RFC 6265 (section 6.1) asks for at least 50 a domain:
``BoundedCookiesMiddleware`` keeps at most ``WARTA_COOKIES_MAX`` cookies in a jar (the crawl's one jar
unless requests name others with ``meta["cookiejar"]``). Cookies it holds are still updated and deleted; a
new one past the bound is not kept, counted (``warta/cookies/dropped``) and logged once.

Scrapy's middleware refuses a cookie set for a whole public suffix (``co.id``) with a ``TLDExtract`` that,
while its disk cache is empty (a new machine, a container, an unwritable home), fetches the live list over
the network at the first cookie (publicsuffix.org, then GitHub): a blocking call in the crawl's reactor,
with no timeout, to hosts the crawl never named. This one reads the list tldextract ships, and keeps no
cache file.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from http.cookiejar import Cookie
from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.cookies import CookiesMiddleware
from scrapy.http.cookies import CookieJar
from scrapy.utils.httpobj import urlparse_cached
from tldextract import TLDExtract

logger = logging.getLogger(__name__)
# The list as shipped: no fetch (``suffix_list_urls=()``), no cache file (``cache_dir=None``).
_SUFFIXES = TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


def is_public_suffix(domain: str) -> bool:
    """Whether ``domain`` is a public suffix (``co.id``, ``blogspot.com``): no site's own domain."""
    return not _SUFFIXES(domain).domain


def holds(jar: CookieJar, cookie: Cookie) -> bool:
    """Whether ``jar`` has a cookie of this one's domain, path and name (which it would replace)."""
    return cookie.name in jar.jar._cookies.get(cookie.domain, {}).get(cookie.path, {})  # type: ignore[attr-defined]


class BoundedCookiesMiddleware(CookiesMiddleware):
    """``CookiesMiddleware`` whose jars keep at most ``WARTA_COOKIES_MAX`` cookies (downloader middleware,
    in place of Scrapy's, at its order 700)."""

    max_cookies = 0  # 0: no bound

    @classmethod
    def from_crawler(cls, crawler: Any) -> BoundedCookiesMiddleware:
        middleware = super().from_crawler(crawler)
        middleware.max_cookies = crawler.settings.getint("WARTA_COOKIES_MAX")
        return middleware

    def _process_cookies(self, cookies: Iterable[Cookie], *, jar: CookieJar, request: Request) -> None:
        """Scrapy's rule, then the bound: a cookie for a public suffix holds for the request's own host
        when it is that host, else it is refused; one at a time, so each cookie kept counts for the next."""
        host = urlparse_cached(request).hostname
        if host is None:
            return
        host = host.lower()
        for cookie in cookies:
            domain = cookie.domain.removeprefix(".")
            if domain and is_public_suffix(domain):
                if domain != host:
                    continue
                cookie.domain = host
            if 0 < self.max_cookies <= len(jar) and not holds(jar, cookie):
                self._dropped(request)
                continue
            jar.set_cookie_if_ok(cookie, request)

    def _dropped(self, request: Request) -> None:
        stats = self.crawler.stats
        if not stats.get_value("warta/cookies/dropped"):
            logger.warning(
                "%s sets more cookies than the %d a crawl keeps (WARTA_COOKIES_MAX): new ones are not kept",
                request.url,
                self.max_cookies,
            )
        stats.inc_value("warta/cookies/dropped")
