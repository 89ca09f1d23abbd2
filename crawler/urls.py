"""URL canonicalisation, built on w3lib: one article, one URL, whatever the link that led to it.

Pure: no Scrapy import.

Rules applied by :func:`canonicalize`, in this order:

- scheme and host lower-cased, a trailing dot on the host dropped, user info and the default port
  (80 for http, 443 for https) dropped; the scheme is kept as given (portals that serve both answer the
  http form with a redirect, and the item's URL is the one after redirects);
- mobile and AMP hosts become the desktop host: ``m.`` and ``amp.`` are replaced by ``www.``, because the
  desktop site of nearly every Indonesian portal with a mobile host lives on ``www.`` (tribunnews,
  liputan6, cnnindonesia, suara, merdeka, jpnn); :data:`HOST_REWRITES` holds exact exceptions. The path
  is kept: ``m.detik.com/news/berita/…`` becomes ``www.detik.com/news/berita/…`` (detik's regional sections
  do live under ``www.detik.com/<region>/``, its national ones on ``news.detik.com``: only the page's
  ``rel=canonical`` knows, and :func:`pick_canonical` prefers it once the page is fetched);
- AMP paths: ``/amp/`` as the first segment (tribunnews and its regional sites:
  ``m.tribunnews.com/amp/seleb/2023/10/12/…``, ``jogja.tribunnews.com/amp/2020/11/13/…``) or ``/amp`` as
  the last one (WordPress AMP plugin: ``/slug/amp/``) is removed;
- fragments dropped; tracking parameters (``utm_*``, ``fbclid``, ``gclid``, ``mc_cid``, detik's
  ``tag_from`` …) dropped; ``amp`` / ``amp=1`` dropped; ``page=all`` and ``page=1`` (kompas, tribunnews:
  the whole article, or its first page, is the article itself) and a profile's own whole-article view
  (``pagination.whole_view``: detik's ``single=1``) on that portal's hosts dropped; other
  pages (``page=2``) kept, they are other documents; the remaining query sorted (w3lib);
- trailing slash: **kept exactly as the site wrote it**. WordPress permalinks end in ``/`` and detik or
  kompas article paths do not; each server redirects the other form to its own, so the URL it writes is
  the one that identifies the article. Removing an AMP segment keeps the slash form of the URL it came
  from (``/slug/amp/`` -> ``/slug/``, ``/slug/amp`` -> ``/slug``). An empty path becomes ``/`` and runs of
  slashes are collapsed.

``<link rel=canonical>`` is the first choice when the page has one: see :func:`pick_canonical`.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, safe_url_string

WEB_SCHEMES = frozenset({"http", "https"})
# The longest URL taken from a page's markup (its canonical, its images): 2,083 characters, Scrapy's
# URLLENGTH_LIMIT default (the old browsers' limit), which bounds every URL the crawl fetches. A longer
# one is no usable address (broken markup, a blob under an image attribute) and would make an export
# line, a state key and a search index's URL term (Lucene refuses one over 32,766 bytes) of any size.
MAX_URL_CHARS = 2083

TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ref",
        "ref_src",
        "tag_from",  # detik: which box the link came from
        "amp",
    }
)
TRACKING_PREFIXES = ("utm_",)

# (name, value) pairs that only select "the whole article" or its first page: same document.
WHOLE_ARTICLE_PARAMS = frozenset({("page", "all"), ("page", "1")})

# Exact host rewrites that beat the generic ``m.``/``amp.`` -> ``www.`` rule.
HOST_REWRITES: dict[str, str] = {}


_DEFAULT_PORTS = {"http": 80, "https": 443}
_SLASHES = re.compile(r"/{2,}")
# A URL of these characters only (no escapes, no query, no fragment, no path parameters, ASCII) is one
# w3lib leaves as it is: most article URLs are, and skipping w3lib saves two thirds of the time.
_PLAIN_URL = re.compile(r"[A-Za-z0-9._~:/@!$'()*+,=-]*")


def _keep_param(name: str, value: str, host: str) -> bool:
    low = name.lower()
    if low in TRACKING_PARAMS or low.startswith(TRACKING_PREFIXES):
        return False
    pair = (low, value.lower())
    if pair in WHOLE_ARTICLE_PARAMS:
        return False
    return not any(pair == view and host_on_site(host, site) for site, view in _site_whole_views())


@cache
def _site_whole_views() -> tuple[tuple[str, tuple[str, str]], ...]:
    """``(domain, (name, value))`` for each shipped profile's whole-article view (``pagination.whole_view``,
    detik's ``single=1``): on that site only, since the parameter means something else elsewhere."""
    from crawler.profiles import all_profiles  # imported on first use: profiles may use this module

    return tuple(
        (domain.lower(), (view[0].lower(), view[1].lower()))
        for profile in all_profiles()
        if (view := profile.pagination.whole_view) is not None
        for domain in profile.domains
    )


def _desktop_host_and_path(host: str, path: str) -> tuple[str, str]:
    """Map a mobile or AMP host to the desktop one (see the module notes)."""
    if host in HOST_REWRITES:
        return HOST_REWRITES[host], path
    for prefix in ("m.", "amp."):
        if host.startswith(prefix) and host.count(".") >= 2:
            return "www." + host[len(prefix) :], path
    return host, path


def _strip_amp_once(path: str) -> str:
    if path == "/amp" or path == "/amp/":
        return "/"
    if path.startswith("/amp/"):
        path = path[len("/amp") :]
    if path.endswith("/amp/"):
        path = path[: -len("amp/")]
    elif path.endswith("/amp"):
        path = path[: -len("/amp")]
    return path or "/"


def _strip_amp_path(path: str) -> str:
    """AMP segments off both ends, until none is left (``/x/amp/amp`` is ``/x``, whichever pass)."""
    while (stripped := _strip_amp_once(path)) != path:
        path = stripped
    return path


def _resolve_dots(path: str) -> str:
    """``.`` and ``..`` segments resolved (RFC 3986), the trailing slash kept, before any other rule."""
    if "/." not in path:
        return path
    out: list[str] = []
    segments = path.split("/")
    for segment in segments[1:]:
        if segment == "..":
            if out:
                out.pop()
        elif segment != ".":
            out.append(segment)
    if segments[-1] in (".", ".."):
        out.append("")
    return "/" + "/".join(out)


def _split_web_url(url: str):
    if not isinstance(url, str):
        raise TypeError(f"URL must be a str, not {type(url).__name__}")
    url = url.strip()
    parts = urlsplit(url if _PLAIN_URL.fullmatch(url) else safe_url_string(url))
    if parts.scheme.lower() not in WEB_SCHEMES:
        raise ValueError(f"not an http(s) URL: {url!r}")
    if not parts.hostname:
        raise ValueError(f"URL has no host: {url!r}")
    return parts


@lru_cache(maxsize=1024)
def canonicalize(url: str) -> str:
    """The canonical form of an http(s) article URL (rules in the module docstring).

    The last URLs' forms are kept: an article's URL is canonicalized by the extractor and again by the
    dedup pipeline as it checks and records the item (~25 µs each time), and discovery meets the same
    links in sitemaps, feeds and listings.

    Raises ``ValueError`` for anything that is not an absolute http(s) URL with a host (``mailto:``,
    ``javascript:``, relative links) and ``TypeError`` for a non-string, so callers never store junk keys.
    """
    parts = _split_web_url(url)
    scheme = parts.scheme.lower()
    host = parts.hostname.lower().rstrip(".")
    try:
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"bad port in URL: {url!r}") from exc
    path = _resolve_dots(_SLASHES.sub("/", parts.path) or "/")
    host, path = _desktop_host_and_path(host, path)
    path = _strip_amp_path(path)
    netloc = f"[{host}]" if ":" in host else host  # an IPv6 literal keeps its brackets
    netloc = netloc if port in (None, _DEFAULT_PORTS[scheme]) else f"{netloc}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if _keep_param(k, v, host)]
    rebuilt = urlunsplit((scheme, netloc, path, urlencode(query), ""))
    if not query and _PLAIN_URL.fullmatch(rebuilt):
        return rebuilt
    return canonicalize_url(rebuilt, keep_fragments=False)


def is_ip_host(host: str) -> bool:
    """True for an IPv4 or IPv6 literal (``127.0.0.1``, ``::1``, ``[::1]``): it has no parent domain."""
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


def host_on_site(host: str, domain: str) -> bool:
    """True when ``host`` is ``domain`` or a sub-domain of it (``news.detik.com`` on ``detik.com``, not
    ``notdetik.com``). An IP address has no sub-domains, so an IP host or domain compares whole
    (``10.0.0.1`` is not on ``0.1``). The host rule of :func:`same_site`; both are compared as given, so
    callers pass them lower-cased, without port or trailing dot (as ``urlsplit(url).hostname`` gives a host).
    """
    if host == domain:
        return True
    # the suffix test first: it rules out most pairs without parsing either side as an IP address
    return host.endswith("." + domain) and not (is_ip_host(host) or is_ip_host(domain))


# http on port 80 and https on 443 are one site: portals answer both (one redirects to the other) and link
# with both (real home pages link ``http://`` on ``https://`` sites). Any other port is another server.
_WEB_DEFAULTS = frozenset(_DEFAULT_PORTS.items())


@dataclass(frozen=True, slots=True)
class _SiteEntry:
    """One entry of a site: a domain (sub-domains included) and the (scheme, port) pairs it answers on;
    ``doors`` is None for a bare domain, which says nothing about them."""

    domain: str
    doors: frozenset[tuple[str, int]] | None


def _doors(scheme: str, port: int) -> frozenset[tuple[str, int]]:
    return _WEB_DEFAULTS if (scheme, port) in _WEB_DEFAULTS else frozenset({(scheme, port)})


@cache
def _site_entry(entry: str) -> _SiteEntry | None:
    """``https://detik.com`` or ``http://127.0.0.1:8765`` (an origin), or ``detik.com`` (a bare domain)."""
    entry = entry.strip()
    if "://" not in entry:
        domain = entry.lower().strip(".").strip("[]")
        return _SiteEntry(domain, None) if domain else None
    try:
        parts = urlsplit(entry)
        scheme, host = parts.scheme.lower(), parts.hostname
        port = parts.port
    except ValueError:
        return None
    if scheme not in WEB_SCHEMES or not host:
        return None
    return _SiteEntry(host.lower().rstrip("."), _doors(scheme, port or _DEFAULT_PORTS[scheme]))


def site_origins(base_url: str, domains: Iterable[str]) -> tuple[str, ...]:
    """Each of ``domains`` as an origin with the scheme and port of ``base_url`` (a profile's base URL,
    or a page's URL): ``http://127.0.0.1:8765`` with ``127.0.0.1`` gives ``("http://127.0.0.1:8765",)``.
    Raises ``ValueError`` for a URL that is not http(s) or has a bad port."""
    parts = urlsplit(base_url.strip())
    scheme = parts.scheme.lower()
    if scheme not in WEB_SCHEMES:
        raise ValueError(f"not an http(s) URL: {base_url!r}")
    port = parts.port or _DEFAULT_PORTS[scheme]
    suffix = "" if port == _DEFAULT_PORTS[scheme] else f":{port}"
    hosts = (domain.strip().lower().strip(".").strip("[]") for domain in domains)
    return tuple(f"{scheme}://{f'[{host}]' if ':' in host else host}{suffix}" for host in hosts if host)


@lru_cache(maxsize=1024)
def _host_of(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an http(s) URL, the port made explicit; None for anything else.

    The last URLs' places are kept: an article's URL is asked about four or five times on its way
    (the sitemap entry and its article test, the offsite filter, its ``rel=canonical``), ~5 µs each
    time for the split, host and port (``urlsplit`` caches the split alone)."""
    try:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        if scheme not in WEB_SCHEMES or not parts.hostname:
            return None
        port = parts.port or _DEFAULT_PORTS[scheme]
    except ValueError:
        return None
    return scheme, parts.hostname.lower().rstrip("."), port


def leads_nowhere(href: str) -> bool:
    """An ``href`` that opens no page: empty, a fragment of this one, a script or a mail address (a
    button's, a placeholder's)."""
    return not href or href.startswith("#") or href[:11].lower().startswith(("javascript:", "mailto:"))


def join_url(base: str, href: str) -> str | None:
    """``href`` resolved against ``base`` (``urljoin``), or None when it cannot be: a link is outside input,
    and ``urljoin`` raises on a broken host (``http://[x/...``, a template's unfilled ``[domain]``) where a
    browser only ignores the link."""
    try:
        return urljoin(base, href)
    except ValueError:
        return None


def same_site(url: str, site: Iterable[str]) -> bool:
    """True when ``url`` is http(s) and on one of the entries of ``site``: the one same-site rule.

    An entry is an origin, ``https://detik.com`` or ``http://127.0.0.1:8765``: the URL's host is that
    domain or a sub-domain of it (``news.detik.com``; never ``notdetik.com``; an IP only as itself) and its
    scheme and port are the origin's. ``http`` on port 80 and ``https`` on 443 are one site; any other
    port is another (a profile lists such origins itself). A bare domain, ``detik.com``, is Scrapy's
    ``allowed_domains`` form: the host rule only, any scheme and port; Warta's own checks pass a profile's
    origins (``Profile.origins``). ``javascript:``, ``mailto:``, ``file:`` and malformed URLs are never on
    the site.
    """
    if not isinstance(url, str):
        return False
    where = _host_of(url)
    return where is not None and on_site(where, site)


def url_place(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an http(s) URL as ``same_site`` reads it, None where it is never on a site:
    for testing one URL against many sites (``on_site``) with one parse."""
    return _host_of(url) if isinstance(url, str) else None


def on_site(where: tuple[str, str, int], site: Iterable[str]) -> bool:
    """``same_site`` for a URL already read by ``url_place``."""
    scheme, host, port = where
    if isinstance(site, str):  # one entry passed bare: not a sequence of one-letter domains
        site = [site]
    for text in site:
        entry = _site_entry(text)
        if entry is None or not host_on_site(host, entry.domain):
            continue
        if entry.doors is None or (scheme, port) in entry.doors:
            return True
    return False


def pick_canonical(page_url: str, canonical_href: str | None, site: Iterable[str]) -> str:
    """The article's canonical URL: the page's ``rel=canonical`` when it is trustworthy, else the page URL.

    ``canonical_href`` may be relative (resolved against ``page_url``). It is refused when it is not an
    http(s) URL on ``site`` (origins or domains, read as :func:`same_site` reads them), or when it points
    at the site's home page while the page itself is not the home page (a common theme misconfiguration
    that would merge every article into one). The choice is always passed through :func:`canonicalize`.
    """
    site = [site] if isinstance(site, str) else list(site)
    if canonical_href and isinstance(canonical_href, str) and canonical_href.strip():
        try:
            candidate = urljoin(page_url, canonical_href.strip())
            if same_site(candidate, site) and not _is_home_for_article(candidate, page_url):
                return canonicalize(candidate)
        except ValueError:
            pass  # a malformed href is no canonical: fall back to the page URL
    return canonicalize(page_url)


def _is_home_for_article(candidate: str, page_url: str) -> bool:
    candidate_path = urlsplit(candidate).path.strip("/")
    page_path = urlsplit(page_url).path.strip("/")
    return not candidate_path and bool(page_path)
