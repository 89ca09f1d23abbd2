"""Page metadata: JSON-LD (Yoast ``@graph`` included) and ``<meta>``/``<link>`` tags.

The first layer of every field: machine-readable, theme-independent. Malformed JSON-LD is skipped
(and counted in ``PageMeta.jsonld_errors``), never fatal.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import chompjs
from lxml import etree

from crawler.extract.document import mend_surrogates
from crawler.extract.render import fold, holds_references, put_back_references

ARTICLE_TYPES = frozenset(
    {
        "newsarticle",
        "article",
        "blogposting",
        "reportagenewsarticle",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "reviewnewsarticle",
        "backgroundnewsarticle",
        "techarticle",
        "liveblogposting",
    }
)
LISTING_TYPES = frozenset({"collectionpage", "itemlist", "searchresultspage", "profilepage"})

_TRAILING_COMMA = re.compile(r",\s*([}\]])")
# A JSON escape of a UTF-16 surrogate (``\ud83d``). The decoder joins a pair into its character, but a
# CMS that cuts a string at a length in UTF-16 units (a caption, a keyword list) can leave half an emoji's
# pair: a lone surrogate, which has no UTF-8 form, so no line of the item could be exported.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_STRING = etree.XPath("string()")  # compiled once: ``el.xpath(...)`` compiles on every call


@dataclass
class PageMeta:
    """What the page says about itself in meta tags and JSON-LD."""

    meta: dict[str, list[str]] = field(default_factory=dict)  # lower-cased name/property -> values
    links: dict[str, str] = field(default_factory=dict)  # rel -> first href
    article: dict[str, Any] = field(default_factory=dict)  # the JSON-LD article node
    webpage: dict[str, Any] = field(default_factory=dict)  # the JSON-LD WebPage node
    types: set[str] = field(default_factory=set)  # every JSON-LD @type seen, lower-cased
    nodes_by_id: dict[str, dict] = field(default_factory=dict)
    html_lang: str = ""
    base_href: str | None = None  # the first <base href>, as written
    title: str = ""
    jsonld_errors: int = 0

    def first(self, *names: str) -> str | None:
        for name in names:
            for value in self.meta.get(name, ()):
                value = fold(value).strip()
                if value:
                    return value
        return None

    def all(self, name: str) -> list[str]:
        return [v for v in (fold(x).strip() for x in self.meta.get(name, ())) if v]

    def resolve(self, value: Any) -> Any:
        """Follow a JSON-LD ``{"@id": …}`` reference to its node in the graph."""
        if isinstance(value, dict) and set(value) == {"@id"}:
            return self.nodes_by_id.get(value["@id"], value)
        return value


def jsonld_types(node: dict) -> list[str]:
    """A JSON-LD node's ``@type`` values, lower-cased (one string or a list of them)."""
    kind = node.get("@type", ())
    kinds = [kind] if isinstance(kind, str) else kind if isinstance(kind, list) else []
    return [k.lower() for k in kinds if isinstance(k, str)]


def _nodes(data: Any) -> list[dict]:
    """Every object of a JSON-LD document: top-level lists and ``@graph`` arrays flattened, and the one
    main entity a page node holds (``{"@type": "WebPage", "mainEntity": {"@type": "NewsArticle", …}}``:
    the article and its credits and dates are nested there, not listed)."""
    out: list[dict] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, dict):
            out.append(item)
            if "@graph" in item:
                stack.append(item["@graph"])
            main = item.get("mainEntity")
            if isinstance(main, dict) and not LISTING_TYPES.intersection(jsonld_types(item)):
                stack.append(main)  # a listing's entity is its list of stories, never one article
    return out


def _load_json(text: str) -> Any:
    """A JSON-LD block as the CMS meant it. Real blocks are not always JSON: trailing commas and raw
    newlines in strings (read by the standard decoder, leniently), and JavaScript written by hand into a
    template, single-quoted strings or ``// comments`` (read by chompjs, which parses a JavaScript object
    literal: a Reuters article's whole block, its publisher and description, was lost to one quote)."""
    text = text.strip().removeprefix("<!--").removesuffix("-->").strip().rstrip(";")
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        pass
    try:
        return json.loads(_TRAILING_COMMA.sub(r"\1", text), strict=False)
    except json.JSONDecodeError:
        return chompjs.parse_js_object(text)  # ValueError when it is not that either


def _unescape_strings(data: Any, change: Callable[[str], str] = put_back_references) -> Any:
    """Every string value of a decoded JSON-LD document changed, in place; by default with its character
    references put back: the HTML parser leaves JSON-LD as raw text, and CMSs write it HTML-escaped (a
    quarter of the bench pages' JSON-LD blocks hold references), URLs too (``&amp;``). A walk with a
    stack: the decoder nests deeper than Python's calls go."""
    if isinstance(data, str):
        return change(data)
    stack = [data] if isinstance(data, dict | list) else []
    while stack:
        item = stack.pop()
        for key, value in list(item.items() if isinstance(item, dict) else enumerate(item)):
            if isinstance(value, str):
                item[key] = change(value)
            elif isinstance(value, dict | list):
                stack.append(value)
    return data


def read_metadata(root: etree._Element) -> PageMeta:
    """Meta tags, links, JSON-LD and title, read in one filtered walk of the tree."""
    page = PageMeta()
    title = None
    for el in root.iter("meta", "link", "script", "title", "base"):
        tag = el.tag
        if tag == "meta":
            content = el.get("content")
            if content is not None:
                # every name the tag gives counts: ``<meta property="article:modified"
                # itemprop="dateModified">`` is a dateModified to a reader of either vocabulary
                prop, name, item = el.get("property"), el.get("name"), el.get("itemprop")
                if item is None and (prop is None or name is None):  # one name: the usual tag
                    key = (name if prop is None else prop).strip().lower() if prop or name else _equiv(el)
                    if key:
                        page.meta.setdefault(key, []).append(content)
                    continue
                names = [prop, name, *(item or "").split()]
                for key in dict.fromkeys(n.strip().lower() for n in names if n and n.strip()):
                    page.meta.setdefault(key, []).append(content)
        elif tag == "base":
            if page.base_href is None:
                page.base_href = el.get("href")
        elif tag == "link":
            href = el.get("href")
            if href is not None:
                for rel in (el.get("rel") or "").lower().split():
                    page.links.setdefault(rel, href.strip())
        elif tag == "script":
            if (el.get("type") or "").strip().lower() == "application/ld+json":
                _read_jsonld(page, el.text or "")
        elif title is None:
            # string() is the text of every descendant: a <title> without children has its own only
            # (an XPath call costs more than the whole rest of the title's reading)
            title = (el.text or "") if len(el) == 0 else _STRING(el)
    page.html_lang = (root.get("lang") or "").strip()
    page.title = fold(title or "").strip()
    return page


def _equiv(el: etree._Element) -> str:
    """``content-language`` for ``<meta http-equiv="Content-Language" content="pt_BR">``, the one
    http-equiv a field reads (the page's language); "" for the others (a server's ``last-modified`` is not
    the article's)."""
    equiv = (el.get("http-equiv") or "").strip().lower()
    return equiv if equiv == "content-language" else ""


def _read_jsonld(page: PageMeta, text: str) -> None:
    try:
        data = _load_json(text)
    except (json.JSONDecodeError, ValueError, RecursionError):  # nested past what the decoder follows
        page.jsonld_errors += 1
        return
    if holds_references(text):  # most documents hold none: no walk
        data = _unescape_strings(data)
    if _SURROGATE_ESCAPE.search(text):  # nor this
        data = _unescape_strings(data, mend_surrogates)
    for node in _nodes(data):
        kinds = jsonld_types(node)
        page.types.update(kinds)
        if isinstance(node.get("@id"), str):
            page.nodes_by_id.setdefault(node["@id"], node)
        if not page.article and ARTICLE_TYPES.intersection(kinds):
            page.article = node
        elif not page.webpage and "webpage" in kinds:
            page.webpage = node


def jsonld_text(value: Any) -> str | None:
    """A JSON-LD value as one clean string (first of a list, ``name`` of an object). A number is text as
    written; ``true``/``false`` and the decoder's infinities and NaN (``1e400``, ``NaN``) name nothing."""
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
        return None
    if isinstance(value, str | int | float) and str(value).strip():
        return fold(str(value)).strip()
    return None


def jsonld_names(page: PageMeta, value: Any) -> list[str]:
    """Names of JSON-LD people/organisations (``author`` may be one, a list, or ``@id`` references)."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items:
        name = jsonld_text(page.resolve(item))
        if name:
            names.append(name)
    return names


def jsonld_image(page: PageMeta, value: Any) -> tuple[str | None, str | None]:
    """(url, caption) of a JSON-LD image: a URL string, an ImageObject, a list, or a reference."""
    value = page.resolve(value)
    if isinstance(value, list):
        value = page.resolve(value[0]) if value else None
    if isinstance(value, str):
        return value.strip() or None, None
    if isinstance(value, dict):
        url = value.get("url") or value.get("contentUrl")
        caption = jsonld_text(value.get("caption"))
        return (url.strip() if isinstance(url, str) and url.strip() else None), caption
    return None, None
