"""The expected clean item of every article, written from the same data the pages are rendered from.

Never produced by running an extractor: this is what a perfect crawl of the demo portal yields.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .model import ZONES, Article

_DATE_SOURCE = {"jsonld": "jsonld", "meta": "meta", "visible": "visible"}
# JSON-LD and meta values are written to the second; a visible date line shows the minute
_DATE_PRECISION = {"jsonld": "second", "meta": "second", "visible": "minute"}


def _iso(a: Article, which: str) -> str | None:
    when = a.published if which == "published" else a.modified
    if when is None:
        return None
    return when.astimezone(ZONES[a.zone]).isoformat(timespec="seconds")


def word_count(text: str) -> int:
    """Whitespace-separated runs holding a letter or digit: the item's ``wordCount`` rule."""
    return sum(1 for word in text.split() if any(c.isalnum() for c in word))


def expected_item(
    a: Article, base_url: str, portal: str = "jagatbisnis", publisher: str = "JagatBisnis.com"
) -> dict:
    """``publisher`` is the brand's name, which the pages give as og:site_name and the JSON-LD publisher."""
    url = base_url.rstrip("/") + a.path
    image = {"url": base_url.rstrip("/") + a.image.path, "caption": a.image.caption} if a.image else None
    mentions = [
        {"text": m.text, "date": m.date, "weekdayMatches": m.weekday_matches}
        for p in a.paragraphs
        for m in p.mentions
        if m.date is not None
    ]
    return {
        "url": url,
        "canonicalUrl": url,
        "portal": portal,
        "publisher": publisher,
        "headline": a.headline,
        "description": a.description,
        "articleBody": a.body_text,
        "wordCount": word_count(a.body_text),
        "authors": [x.name for x in a.authors if not x.organisation],
        "authorsOrg": [x.name for x in a.authors if x.organisation],
        "editors": [a.editor] if a.editor_shown else [],
        "reporterCodes": list(a.reporter_codes),
        "datePublished": _iso(a, "published"),
        "dateModified": _iso(a, "modified"),
        "datePublishedSource": _DATE_SOURCE[a.date_mode],
        "datePublishedPrecision": _DATE_PRECISION[a.date_mode],
        "section": a.category.name,
        "tags": [t.name for t in a.tags],
        "mainImage": image,
        "images": [image] if image else [],  # the lead image is the article's only one
        "inLanguage": "id",
        "kind": "article",
        "isAccessibleForFree": None,  # the portal declares nothing about access
        "dateline": a.dateline,
        "mentionedDates": mentions,
        "source": a.source,
    }


def expected_items(site, base_url: str) -> list[dict]:
    """One expected item per article, in the site's date order.

    ``portal`` is the brand's profile name, or for a portal without a profile (crawled by the generic
    spider) the host of ``base_url`` (DESIGN.md: "the host"; no port).
    """
    portal = site.brand.profile or urlsplit(base_url).hostname or ""
    return [expected_item(a, base_url, portal, site.brand.name) for a in site.articles]
