"""URL space of the portal: maps a request path to a response, WordPress style.

Pure function of (site, theme, base URL, path); the per-instance behaviours (slow page, 500-once) live
in the server, so routing stays easy to test.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from . import feeds, restapi
from .datefmt import MONTHS
from .themes.base import Theme

PER_PAGE = 10
HTML = "text/html; charset=UTF-8"
XML = "application/xml; charset=UTF-8"
RSS = "application/rss+xml; charset=UTF-8"
TEXT = "text/plain; charset=UTF-8"
JSON = "application/json; charset=UTF-8"
# 1x1 transparent GIF: every uploaded image answers with it.
PIXEL = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)

_PAGED = re.compile(r"^(?P<base>/(?:.*/)?)page/(?P<n>\d+)/$")
_POST_SITEMAP = re.compile(r"^/post-sitemap(?P<n>\d*)\.xml$")
_CATEGORY_FEED = re.compile(r"^/category/(?P<slug>[^/]+)/feed/$")
_ARTICLE_PAGE = re.compile(r"^(?P<article>/\d{4}/\d{2}/\d{2}/[^/]+/)(?P<n>\d+)/$")
_YEAR = re.compile(r"^/(?P<y>\d{4})/(?:(?P<m>\d{2})/(?:(?P<d>\d{2})/)?)?$")


@dataclass
class Response:
    status: int
    content_type: str = HTML
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    soft_404: bool = False


def _ok(text: str, ctype: str = HTML) -> Response:
    return Response(200, ctype, text.encode("utf-8"))


def _redirect(location: str, status: int = 301) -> Response:
    return Response(status, HTML, b"", {"Location": location})


class Router:
    def __init__(self, site, theme: Theme, base: str) -> None:
        self.site, self.theme, self.base = site, theme, base
        self.hostile = theme.hostile

    def not_found(self, hard: bool = False) -> Response:
        """404; in hostile mode a soft 404 (status 200) unless ``hard``."""
        soft = self.hostile and not hard
        page = self.theme.not_found(self.site, self.base).encode("utf-8")
        return Response(200 if soft else 404, HTML, page, soft_404=soft)

    def calendar(self, month: str) -> Response:
        """``/?m=YYYYMM``: the month's posts; hostile mode answers every month and links the one before."""
        if not re.fullmatch(r"\d{6}", month) or not 1 <= int(month[4:]) <= 12 or int(month[:4]) < 1000:
            return self.not_found(hard=True)
        y, m = int(month[:4]), int(month[4:])
        items = self.site.listings.get(f"/{y:04d}/{m:02d}/", [])
        if not self.hostile:
            return self.listing(f"/{y:04d}/{m:02d}/", 1)
        prev = f"{y - (m == 1):04d}{(m - 2) % 12 + 1:02d}"
        nav = f'<nav class="wp-calendar-nav"><a href="/?m={prev}">« {MONTHS[int(prev[4:]) - 1][:3]}</a></nav>'
        title = f"Arsip Bulanan: {MONTHS[m - 1]} {y}"
        base_path = f"/{y:04d}/{m:02d}/"
        return _ok(self.theme.listing(self.site, title, items[:PER_PAGE], 1, 1, base_path, self.base, nav))

    def listing_title(self, base_path: str) -> str | None:
        site = self.site
        if base_path == "/":
            return f"{site.brand.name} – {site.brand.tagline}"
        kind, _, slug = base_path.strip("/").partition("/")
        if kind == "category" and slug in site.categories:
            return f"Arsip {site.categories[slug].name}"
        if kind == "tag" and slug in site.tags:
            return f"Tag: {site.tags[slug].name}"
        if kind == "author" and slug in site.authors:
            return f"Penulis: {site.authors[slug].name}"
        m = _YEAR.match(base_path)
        if m:
            y, mo, d = m["y"], m["m"], m["d"]
            if d:
                return f"Arsip Harian: {int(d)} {MONTHS[int(mo) - 1]} {y}"
            if mo:
                return f"Arsip Bulanan: {MONTHS[int(mo) - 1]} {y}" if 1 <= int(mo) <= 12 else None
            return f"Arsip Tahunan: {y}"
        return None

    def listing(self, base_path: str, page: int, items=None, title: str | None = None) -> Response:
        items = self.site.listings.get(base_path) if items is None else items
        title = title or self.listing_title(base_path)
        if not items or title is None:
            return self.not_found()
        pages = math.ceil(len(items) / PER_PAGE)
        if not 1 <= page <= pages:
            return self.not_found()
        chunk = items[(page - 1) * PER_PAGE : page * PER_PAGE]
        return _ok(self.theme.listing(self.site, title, chunk, page, pages, base_path, self.base))

    def resolve(self, target: str) -> Response:
        """The response for a request target (path plus optional query)."""
        parts = urlsplit(target)
        path, query = parts.path or "/", parse_qs(parts.query)
        site, base = self.site, self.base
        if path == "/" and "s" in query:
            words = query["s"][0].lower()
            hits = [a for a in site.newest_first if words in f"{a.headline} {a.description}".lower()]
            return (
                self.listing("/", 1, hits, f"Hasil pencarian: {query['s'][0]}") if hits else self.not_found()
            )
        if path == "/" and "m" in query:
            return self.calendar(query["m"][0])
        if path == "/" and "p" in query:
            post = next((a for a in site.articles if str(a.id) == query["p"][0]), None)
            return _redirect(base + post.path) if post else self.not_found()
        if path == "/wp-json/wp/v2/posts":
            status, headers, body = restapi.posts(site, base, query)
            return Response(status, JSON, body, headers)
        if path == "/wp-sitemap.xml":  # WordPress core sitemaps are off under Yoast, which redirects them
            return _redirect(base + "/sitemap_index.xml")
        if path == "/robots.txt":
            return _ok(feeds.robots(base), TEXT)
        if path == "/sitemap_index.xml":
            return _ok(feeds.sitemap_index(site, base), XML)
        m = _POST_SITEMAP.match(path)
        if m:
            xml = feeds.post_sitemap(site, base, int(m["n"] or 1))
            return _ok(xml, XML) if xml else self.not_found()
        if path == "/page-sitemap.xml":
            return _ok(feeds.page_sitemap(site, base), XML)
        if path == "/category-sitemap.xml":
            return _ok(feeds.category_sitemap(site, base), XML)
        if path == "/news-sitemap.xml":
            return _ok(feeds.news_sitemap(site, base), XML)
        if path == "/feed/":
            return _ok(feeds.rss(site, base, site.newest_first, site.brand.name, "/feed/"), RSS)
        m = _CATEGORY_FEED.match(path)
        if m and m["slug"] in site.categories:
            arts = site.listings.get(f"/category/{m['slug']}/", [])
            title = f"{site.brand.name} » {site.categories[m['slug']].name}"
            return _ok(feeds.rss(site, base, arts, title, path), RSS)
        if path.startswith("/wp-content/uploads/"):
            return Response(200, "image/gif", PIXEL)
        if path.startswith("/wp-admin"):
            return _redirect(base + "/wp-login.php?redirect_to=%2Fwp-admin%2F", 302)
        if path == "/wp-login.php":
            return _ok("<!DOCTYPE html><html><body><form><input name='log'></form></body></html>")
        if path in site.redirects:
            return _redirect(base + site.redirects[path])
        if path in site.by_path:
            return _ok(self.theme.article(site, site.by_path[path], base))
        m = _ARTICLE_PAGE.match(path)
        if m and m["article"] in site.by_path and 2 <= int(m["n"]) <= site.by_path[m["article"]].page_count:
            return _ok(self.theme.article(site, site.by_path[m["article"]], base, int(m["n"])))
        if path.endswith("/amp/") and path[: -len("amp/")] in site.by_path:
            return _ok(self.theme.amp(site, site.by_path[path[: -len("amp/")]], base))
        for p in site.pages:
            if path == f"/{p.slug}/":
                return _ok(self.theme.static_page(site, p, base))
        m = _PAGED.match(path)
        if m:
            return self.listing(m["base"], int(m["n"])) if int(m["n"]) > 1 else _redirect(base + m["base"])
        if path in site.listings:
            return self.listing(path, 1)
        if not path.endswith("/") and "." not in path.rsplit("/", 1)[-1]:
            slashed = self.resolve(path + "/" + (f"?{parts.query}" if parts.query else ""))
            if slashed.status == 200 and not slashed.soft_404:
                return _redirect(base + path + "/" + (f"?{parts.query}" if parts.query else ""))
        return self.not_found(hard=path == site.missing_path)
