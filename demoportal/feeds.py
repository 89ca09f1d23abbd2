"""Crawl surface in XML and text: Yoast sitemaps, the news sitemap, RSS 2.0 feeds and robots.txt."""

from __future__ import annotations

from datetime import UTC, timedelta
from email.utils import format_datetime
from xml.sax.saxutils import escape

from .model import Article
from .themes.base import body_html

POSTS_PER_SITEMAP = 200  # Yoast's default is 1000; smaller here so the demo has several post sitemaps
FEED_SIZE = 20
NEWS_WINDOW = timedelta(days=2)
NEWS_MIN = 10

_XML = '<?xml version="1.0" encoding="UTF-8"?>\n'
_STYLE = '<?xml-stylesheet type="text/xsl" href="/main-sitemap.xsl"?>\n'


def _w3c(a: Article) -> str:
    return (a.modified or a.published).astimezone(UTC).isoformat(timespec="seconds")


def post_sitemap_chunks(site) -> list[list[Article]]:
    """Articles oldest first, split the way Yoast pages its post sitemaps."""
    arts = site.articles
    return [arts[i : i + POSTS_PER_SITEMAP] for i in range(0, len(arts), POSTS_PER_SITEMAP)]


def post_sitemap_name(n: int) -> str:
    return "post-sitemap.xml" if n == 1 else f"post-sitemap{n}.xml"


def sitemap_index(site, base: str) -> str:
    entries = []
    for n, chunk in enumerate(post_sitemap_chunks(site), start=1):
        last = max(_w3c(a) for a in chunk)
        entries.append((post_sitemap_name(n), last))
    newest = _w3c(site.newest_first[0])
    entries += [("page-sitemap.xml", newest), ("category-sitemap.xml", newest)]
    body = "".join(
        f"\t<sitemap>\n\t\t<loc>{escape(base)}/{name}</loc>\n\t\t<lastmod>{last}</lastmod>\n\t</sitemap>\n"
        for name, last in entries
    )
    return f'{_XML}{_STYLE}<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{body}</sitemapindex>\n'


def post_sitemap(site, base: str, n: int) -> str | None:
    chunks = post_sitemap_chunks(site)
    if not 1 <= n <= len(chunks):
        return None
    rows = []
    for a in chunks[n - 1]:
        img = ""
        if a.image:
            loc = escape(base + a.image.path)
            img = f"\t\t<image:image>\n\t\t\t<image:loc>{loc}</image:loc>\n\t\t</image:image>\n"
        rows.append(
            f"\t<url>\n\t\t<loc>{escape(base + a.path)}</loc>\n\t\t<lastmod>{_w3c(a)}</lastmod"
            f">\n{img}\t</url>\n"
        )
    return (
        f'{_XML}{_STYLE}<urlset xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
        'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1" '
        'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "".join(rows) + "</urlset>\n"
    )


def _urlset(locs: list[tuple[str, str]]) -> str:
    rows = "".join(
        f"\t<url>\n\t\t<loc>{escape(loc)}</loc>\n\t\t<lastmod>{last}</lastmod>\n\t</url>\n"
        for loc, last in locs
    )
    return f'{_XML}{_STYLE}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{rows}</urlset>\n'


def page_sitemap(site, base: str) -> str:
    newest = _w3c(site.newest_first[0])
    return _urlset(
        [(base + "/", newest)] + [(f"{base}/{p.slug}/", "2021-06-01T03:00:00+00:00") for p in site.pages]
    )


def category_sitemap(site, base: str) -> str:
    locs = []
    for c in site.categories.values():
        arts = site.listings.get(f"/category/{c.slug}/", [])
        if arts:
            locs.append((f"{base}/category/{c.slug}/", _w3c(arts[0])))
    return _urlset(locs)


def news_articles(site) -> list[Article]:
    """Articles of the last two days before the site's clock (at least the newest ``NEWS_MIN``)."""
    newest = site.newest_first
    recent = [a for a in newest if site.now - a.published <= NEWS_WINDOW]
    return recent if len(recent) >= NEWS_MIN else newest[:NEWS_MIN]


def news_sitemap(site, base: str) -> str:
    rows = []
    for a in news_articles(site):
        rows.append(
            f"\t<url>\n\t\t<loc>{escape(base + a.path)}</loc>\n\t\t<news:news>\n\t\t\t<news:publication>\n"
            f"\t\t\t\t<news:name>{escape(site.brand.short)}</news:name>\n\t\t\t\t<news:language>id</news:language>\n"
            "\t\t\t</news:publication>\n"
            f"\t\t\t<news:publication_date>{a.published.isoformat(timespec='seconds')}</news:publication_date>\n"
            f"\t\t\t<news:title>{escape(a.headline)}</news:title>\n\t\t</news:news>\n\t</url>\n"
        )
    return (
        f'{_XML}<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n' + "".join(rows) + "</urlset>\n"
    )


def rss(site, base: str, articles: list[Article], title: str, self_path: str) -> str:
    """RSS 2.0 the way WordPress writes it: the newest ``FEED_SIZE`` posts, full content encoded."""
    items = []
    for a in articles[:FEED_SIZE]:
        cats = "".join(
            f"\t\t<category><![CDATA[{x}]]></category>\n"
            for x in [a.category.name] + [t.name for t in a.tags]
        )
        content = body_html(a).replace("]]>", "]]&gt;")
        items.append(
            f"\t<item>\n\t\t<title>{escape(a.headline)}</title>\n\t\t<link>{escape(base + a.path)}</link>\n"
            f"\t\t<comments>{escape(base + a.path)}#respond</comments>\n"
            f"\t\t<dc:creator><![CDATA[{a.authors[0].name}]]></dc:creator>\n"
            f"\t\t<pubDate>{format_datetime(a.published.astimezone(UTC))}</pubDate>\n{cats}"
            f'\t\t<guid isPermaLink="false">{escape(base)}/?p={a.id}</guid>\n'
            f"\t\t<description><![CDATA[{a.description}]]></description>\n"
            f"\t\t<content:encoded><![CDATA[{content}]]></content:encoded>\n\t</item>\n"
        )
    last = format_datetime(articles[0].published.astimezone(UTC)) if articles else format_datetime(site.now)
    return (
        f'{_XML}<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" '
        'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">\n<channel>\n'
        f"\t<title>{escape(title)}</title>\n"
        f'\t<atom:link href="{escape(base + self_path)}" rel="self" type="application/rss+xml" />\n'
        f"\t<link>{escape(base)}/</link>\n\t<description>{escape(site.brand.tagline)}</description>\n"
        f"\t<lastBuildDate>{last}</lastBuildDate>\n\t<language>id</language>\n"
        "\t<sy:updatePeriod>hourly</sy:updatePeriod>\n\t<sy:updateFrequency>1</sy:updateFrequency>\n"
        + "".join(items)
        + "</channel>\n</rss>\n"
    )


def robots(base: str) -> str:
    return (
        "User-agent: *\n"
        "Disallow: /wp-admin/\n"
        "Allow: /wp-admin/admin-ajax.php\n"
        "Disallow: /?s=\n"
        "Disallow: /search/\n\n"
        f"Sitemap: {base}/sitemap_index.xml\n"
        f"Sitemap: {base}/news-sitemap.xml\n"
    )
