"""Who publishes the article and whether it is free to read: the item's ``publisher`` and
``isAccessibleForFree``.

Both are what the page declares about itself, never guessed from its text. The publisher's name is the
first of: JSON-LD ``publisher`` (of the article, else of its WebPage), ``<meta name="publisher">``,
og:site_name, application-name, the profile's title, and the site name the ``<title>`` prints after the
headline. An og:site_name that is only a sub-domain's host (``lifestyle.okezone.com``) names a channel
rather than the publisher, so the names after it are asked first and it is kept as a last resort.

Access follows schema.org's paywalled-content markup: ``isAccessibleForFree`` of the article (a
``hasPart`` element marked not free makes the article not free, whatever the article says), of its
WebPage, a microdata ``itemprop``, and Open Graph's ``article:content_tier`` (``free``, or ``locked``
and ``metered``, which are not free). Values are booleans or their spellings (``"False"``,
``"https://schema.org/False"``); anything else says nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from crawler.extract.metadata import jsonld_text
from crawler.extract.page import Page

_HOST_NAME = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}$")
# second-level labels under which a registrable domain takes three labels (kompas.co.id)
_SECOND_LEVEL = frozenset({"co", "or", "ac", "go", "web", "my", "sch", "net", "com", "org", "mil", "biz"})
_TRUE = frozenset({"true", "yes", "1", "https://schema.org/true", "http://schema.org/true"})
_FALSE = frozenset({"false", "no", "0", "https://schema.org/false", "http://schema.org/false"})
_TIERS = {"free": True, "locked": False, "metered": False}
MAX_NAME_CHARS = 120  # a longer "name" is a sentence or a misplaced description
# blogging platforms whose templates name themselves as every blog's publisher
_PLATFORMS = frozenset({"blogger", "blogspot", "wordpress", "wordpress.com", "tumblr", "medium", "wix"})


def publisher(page: Page) -> str | None:
    """The publisher's display name, or None when the page and its profile name none."""
    return next((name for name in _publisher_names(page) if name), None)


def _publisher_names(page: Page) -> Iterator[str | None]:
    """The candidates in order, each read only when the ones before it named nothing."""
    meta = page.meta
    yield _jsonld_name(page, meta.article.get("publisher"))
    yield _jsonld_name(page, meta.webpage.get("publisher"))
    yield _plain_name(meta.first("publisher"))
    site_name = _plain_name(meta.first("og:site_name"))
    channel = site_name if site_name and _is_subdomain_host(site_name) else None
    if not channel:
        yield site_name
    yield _plain_name(meta.first("application-name"))
    yield page.profile.title if page.profile else None
    yield page.title_site
    yield channel


def is_accessible_for_free(page: Page) -> bool | None:
    """What the page declares about paying to read the article; None when it declares nothing."""
    meta = page.meta
    article = meta.article
    parts = article.get("hasPart")
    for part in parts if isinstance(parts, list) else [parts]:
        part = meta.resolve(part)
        if isinstance(part, dict) and _flag(part.get("isAccessibleForFree")) is False:
            return False
    for value in (
        article.get("isAccessibleForFree"),
        meta.webpage.get("isAccessibleForFree"),
        meta.first("isaccessibleforfree"),
    ):
        flag = _flag(value)
        if flag is not None:
            return flag
    tier = (meta.first("article:content_tier") or "").strip().lower()
    return _TIERS.get(tier)


def _flag(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    return None


def _jsonld_name(page: Page, value: Any) -> str | None:
    """The name of a JSON-LD organisation (or person), following an ``@id`` reference."""
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    value = page.meta.resolve(value)
    if not isinstance(value, dict):
        return None  # a bare string publisher is rare and often a URL; the tags after it say more
    return _plain_name(jsonld_text(value.get("name")))


def _plain_name(text: str | None) -> str | None:
    """A name as shown: not a URL, not an account's handle (``@politifact``), not the blogging platform
    (``Blogger``, which its template declares for every blog), not empty, not a paragraph; a name with a
    slogan or a list of topics after a bar (``LinkNaija | Nigeria's popular news platform``) is the name
    before it."""
    if not text:
        return None
    name = " ".join(text.split())
    name = name.split(" | ", 1)[0].strip() if " | " in name else name
    if not name or len(name) > MAX_NAME_CHARS or name.lower().startswith(("http://", "https://", "//", "@")):
        return None
    return None if name.casefold() in _PLATFORMS else name


def _is_subdomain_host(name: str) -> bool:
    """``lifestyle.okezone.com`` (a channel's host), not ``Kompas.com`` or ``ihram.co.id`` (a site's)."""
    host = name.lower()
    if not _HOST_NAME.match(host):
        return False
    labels = [label for label in host.split(".") if label != "www"]
    keep = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return len(labels) > keep
