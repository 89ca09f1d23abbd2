"""URL canonicalisation, built on w3lib: one article, one URL, whatever the link that led to it.

Pure: no Scrapy import.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, safe_url_string

TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "yclid", "igshid", "mc_cid", "mc_eid", "_ga", "ref", "amp"}
)
TRACKING_PREFIXES = ("utm_",)
_AMP_PATH = re.compile(r"/amp/?$")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _keep_param(name: str) -> bool:
    low = name.lower()
    return low not in TRACKING_PARAMS and not low.startswith(TRACKING_PREFIXES)


def canonicalize(url: str) -> str:
    """The canonical form of an article URL.

    Drops tracking parameters, the fragment, the default port, AMP forms (``/amp/``, ``?amp=1``,
    ``amp.`` hosts) and mobile hosts (``m.``), ``?page=all``; keeps the trailing slash as the site
    wrote it, since WordPress permalinks end in one.
    """
    parts = urlsplit(safe_url_string(url.strip()))
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    for prefix in ("amp.", "m."):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix):]
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    path = _AMP_PATH.sub("/", parts.path) or "/"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if _keep_param(k) and not (k.lower() == "page" and v.lower() == "all")
    ]
    rebuilt = urlunsplit((scheme, netloc, path, urlencode(query), ""))
    return canonicalize_url(rebuilt, keep_fragments=False)
