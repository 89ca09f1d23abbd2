"""The site's own names, learned from the page, and the two questions the field rules ask of them.

A portal names itself in og:site_name, application-name, its profile's title and its hosts (the one
fetched, and the canonical/og:url the page declares for itself). A title segment that names the site is
not the headline, a section is never the site's name, and a dateline's brand or a publisher credited as
author is neither a place nor a person. One set of names, squashed (lower case, letters and digits
only), and two predicates:

- ``mentions_site``: the text contains one of the names (``Kompas.com Regional``, ``(ANTARA News)``,
  ``Kompas Cyber Media``);
- ``is_site_name``: the text is one of them, give or take a domain or medium tail (``Kompas.com``,
  ``KAPANLAGI``, ``detikfinance``; not ``VIVALIFE``, a channel).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from crawler.urls import is_ip_host

_NOT_WORD = re.compile(r"[\W_]+")
MIN_NAME_CHARS = 3  # a shorter squashed name ("tv", "m") would be found inside ordinary words
# labels that end a host without naming the site (kompas.com, republika.co.id, detik.news)
_PUBLIC_SUFFIXES = frozenset(
    {"com", "net", "org", "co", "or", "ac", "go", "web", "my", "info", "biz", "news"}
)
# the domain a declared name may carry: "liputan6.com" also names the site as "liputan6"
_DOMAIN_TAILS = ("coid", "com")
# what may follow a name in a label that is still the name ("Kompas.com", "detikNews", "Okezone TV")
_SITE_TAILS = ("", "com", "coid", "co", "id", "online", "news", "net", "tv", "network")


def squash(text: str) -> str:
    """``Kompas.com`` -> ``kompascom``: the form names are compared in."""
    return _NOT_WORD.sub("", text.casefold())


def site_names(names: Iterable[str | None], hosts: Iterable[str]) -> frozenset[str]:
    """The squashed names: each declared name (with and without its domain tail), and the label of each
    host before its public suffix (``kompas`` of ``regional.kompas.com``; an IP address names nothing)."""
    return _site_names(tuple(names), tuple(hosts))


@lru_cache(maxsize=1024)
def _site_names(names: tuple[str | None, ...], hosts: tuple[str, ...]) -> frozenset[str]:
    """``site_names``, remembered: a crawl asks for one portal's few names on every page."""
    keys = set()
    for name in names:
        if name:
            flat = squash(name)
            keys.add(flat)
            keys.update(flat.removesuffix(tail) for tail in _DOMAIN_TAILS if flat.endswith(tail))
    for host in hosts:
        if not host or is_ip_host(host):
            continue
        labels = [label for label in host.lower().split(".") if label and label != "www"]
        while len(labels) > 1 and (labels[-1] in _PUBLIC_SUFFIXES or len(labels[-1]) == 2):
            labels.pop()
        if labels:
            keys.add(squash(labels[-1]))
    return frozenset(k for k in keys if len(k) >= MIN_NAME_CHARS)


def mentions_site(text: str, sites: Iterable[str]) -> bool:
    """The text contains one of the site's names."""
    flat = squash(text)
    return any(site in flat for site in sites)


def is_site_name(text: str, sites: Iterable[str]) -> bool:
    """The text is one of the site's names, maybe with a domain or medium tail."""
    flat = squash(text)
    return any(flat.startswith(site) and flat[len(site) :] in _SITE_TAILS for site in sites)
