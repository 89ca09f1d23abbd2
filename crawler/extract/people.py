"""The credits of one page, read through its layers: JSON-LD, the profile's author selectors, credit
lines shown on the page, author links, ``<meta name="author">``, the analytics data layer's writer, then
the body's byline and signature.

``crawler.extract.credits`` knows what a credit line says; this module knows where a page keeps them.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable
from itertools import islice
from typing import Any

import chompjs
from lxml import etree

from crawler.extract import credits
from crawler.extract.clean import CleanBody
from crawler.extract.credits import AUTHOR, EDITOR, MAX_CREDITED, PHOTO, Credits, Layer, unique
from crawler.extract.metadata import PageMeta, jsonld_text, jsonld_types
from crawler.extract.render import fold
from crawler.extract.site_names import mentions_site
from crawler.extract.taxonomy import MAX_KEYWORD_TERMS

# No one's credited name runs this long (the longest of the bench pages: 47 characters); a longer "author"
# meta or JSON-LD name is a page's text or stuffing.
NAME_MAX_CHARS = 100
# People of one JSON-LD list read at most: an item keeps ``credits.MAX_CREDITED`` of each kind, and a
# stuffed list of 130,000 authors took 2.8 s.
MAX_LISTED_PEOPLE = 1000
# a credit line's label before the name ("Wartawan: X", "Laporan wartawan X", "Ditulis oleh X", and the
# kind of piece before "by": "Analysis by X")
_AUTHOR_PREFIX = re.compile(
    rf"^\s*(?:laporan\s+|ditulis\s+|written\s+|(?:analysis|opinion|commentary|column|review)\s+(?=by\b))?"
    rf"(?:{credits.LABELS})\s*:?\s+",
    re.IGNORECASE,
)
# a role after the name, as CMS display names carry it: "Rina Marlina, Kontributor Bogor", "Rina Marlina -
# Kontributor", "Rina Marlina (Kontributor Bogor)", "TOM KRISHER, AP Auto Writer", "STEVE PEOPLES, AP
# National Political Writer"
_ROLE_SUFFIX = re.compile(
    rf"\s*(?:,|\s[-–|]|\()\s*(?:[\w.]+\s+){{0,3}}(?:{credits.LABELS}|correspondent)\b.*$", re.IGNORECASE
)
# a desk, the site or the wire after the name: "Rina Marlina | JagatBisnis", "Andi - detikNews", "Sandee
# LaMotte, CNN"
_DESK_SEPARATORS = (" | ", " - ", " – ", " — ", ", ")
# after a name of two words or more: degrees and licences ("Ilana Muhlstein, MS, RDN"), or a newswire
# byline's outlet in capitals after a name in capitals ("VICTOR TANGERMANN, FUTURISM"); never a
# generational suffix ("Jr.", "III"), which is the name's
_CREDENTIALS = (
    r"(?:MD|PhD|Ph\.D\.?|MS|MSc|MA|MBA|MPH|RD|RDN|RN|NP|PA-C|DO|DDS|DVM|PharmD|CPA|CFA|CFP|Esq\.?|LCSW|LMFT)"
)
_TRAILING_CREDENTIALS = re.compile(rf"(?:,\s*{_CREDENTIALS})+$")
_CAPITAL_OUTLET = re.compile(
    r"^(?P<name>[A-Z][A-Z.'-]+(?:\s+[A-Z][A-Z.'-]+)+),\s*(?!JR\b|SR\b|[IVX]+\b)[A-Z]{3,}$"
)
# several people in one credited name: "MEG KINNARD and ERRIN HAINES" (AP's JSON-LD), "A dan B"
_AND = re.compile(r"\s+(?:and|dan|&)\s+", re.IGNORECASE)
# a CMS account, not anyone's credit: "admin", "jdadmin", "administrator", "webmaster"
_ACCOUNT = re.compile(r"^(?:\w*admin\w*|webmaster|superuser|user\d*)$", re.IGNORECASE)
# class/id words (or their beginnings) of the boxes that list other stories
_OTHER_STORIES = (
    "comment",
    "komentar",
    "related",
    "terkait",
    "sidebar",
    "widget",
    "popul",
    "rekomendasi",
    "recommend",
    "trending",
    "terbaru",
    "latest",
    "most",
    "footer",
    "menu",
    "nav",
)
# a class or id word that opens with one of them: a word starts the value or follows a space, "_" or "-"
_OTHER_STORY_WORD = re.compile(rf"(?:^|[\s_-])(?:{'|'.join(_OTHER_STORIES)})")
_CHROME_TAGS = frozenset({"aside", "nav", "footer"})


def credit_of_article(node: etree._Element) -> bool:
    """A credit line of the article, not one of another story listed beside it (a sidebar, a related or
    popular list, a comment): a share bar or a header around the byline is still the article's."""
    attrs = []
    for el in node.iterancestors():
        if el.tag == "body":
            break
        if el.tag in _CHROME_TAGS:
            return False
        attrs.append(el.get("class") or "")
        attrs.append(el.get("id") or "")
    # every ancestor's words in one search, lower-cased once; a word the search needs found first by
    # ``in`` (the usual article's ancestors hold none of them)
    words = " ".join(attrs).lower()
    return not any(word in words for word in _OTHER_STORIES) or _OTHER_STORY_WORD.search(words) is None


def _clean_name(name: str, sites: Iterable[str] = ()) -> str:
    """A credited name without its label, its role or its desk (``sites``: the site's names); "" for a
    URL, a CMS account or a text too long to be anyone's name."""
    name = fold(name).strip()
    if name.startswith(("http://", "https://")) or len(name) > NAME_MAX_CHARS:
        return ""
    name = _ROLE_SUFFIX.sub("", _AUTHOR_PREFIX.sub("", name)).strip(" ,|")
    for separator in _DESK_SEPARATORS:
        head, found, tail = name.rpartition(separator)
        if found and head and (credits.is_organisation(tail) or mentions_site(tail, sites)):
            name = head.strip(" ,|")
    if " " in name and "," in name:  # "Ilana Muhlstein, MS, RDN", "VICTOR TANGERMANN, FUTURISM"
        name = _TRAILING_CREDENTIALS.sub("", name)
        if outlet := _CAPITAL_OUTLET.match(name):
            name = outlet["name"]
    return "" if _ACCOUNT.match(name) else name


def _clean_names(name: str, sites: Iterable[str] = ()) -> list[str]:
    """``_clean_name``, and a credit of several people (``By X and Y, Associated Press``) as each of
    them."""
    cleaned = _clean_name(name, sites)
    if not cleaned or not _AND.search(cleaned):
        return [cleaned] if cleaned else []
    return [part.strip(" ,") for part in _AND.split(cleaned) if part.strip(" ,")]


def _jsonld_people(meta: PageMeta, value: Any, sites: Iterable[str] = ()) -> list[str]:
    """The names of a JSON-LD person list, the first ``MAX_LISTED_PEOPLE`` of it, cleaned as an author's
    (``Editor: X``, ``X, Redaktur``, ``X | Site``: the CMS writes its display name, label and desk too)."""
    items = value[:MAX_LISTED_PEOPLE] if isinstance(value, list) else [value]
    texts = (jsonld_text(meta.resolve(item)) for item in items)
    return [name for text in texts if text for name in _clean_names(text, sites)]


# a JSON-LD person's jobTitle that makes the "author" the CMS lists an editor of the story; one that also
# names a writer's role ("Reporter and news editor") is the writer's
_EDITOR_TITLE = re.compile(r"\b(?:editor|redaktur|penyunting)\b", re.IGNORECASE)
_WRITER_TITLE = re.compile(
    r"\b(?:reporter|writer|penulis|wartawan|jurnalis|journalist|kontributor|correspondent|koresponden)\b",
    re.IGNORECASE,
)


def _jsonld_titled_editors(meta: PageMeta, value: Any, sites: Iterable[str]) -> list[str]:
    """The people JSON-LD lists as ``author`` whose ``jobTitle`` is an editor's, beside a writer (a CMS
    that lists every credit of the story there, each with a title); an editor listed alone wrote it."""
    items = value[:MAX_LISTED_PEOPLE] if isinstance(value, list) else [value]
    editors, others = [], 0
    for item in items:
        node = meta.resolve(item)
        title = jsonld_text(node.get("jobTitle")) if isinstance(node, dict) else None
        text = jsonld_text(node)
        if title and text and _EDITOR_TITLE.search(title) and not _WRITER_TITLE.search(title):
            editors.extend(_clean_names(text, sites))
        elif text:
            others += 1
    return editors if others else []


def _jsonld_layer(meta: PageMeta, value: Any, sites: Iterable[str]) -> credits.Layer:
    """JSON-LD's ``author`` or ``creator`` as a layer of page defaults, each name with its declared
    ``@type``: a publisher credited as an Organization (``Sky``, ``RT``) is no person even when it looks
    like one, and a Person named ``Tim Childers`` is no Indonesian team ("tim")."""
    if not value:
        return credits.Layer([], credited=False)
    names: list[str] = []
    orgs: set[str] = set()
    people: set[str] = set()
    for item in value if isinstance(value, list) else [value]:
        node = meta.resolve(item)
        text = jsonld_text(node)
        found = _clean_names(text, sites) if text else []
        names.extend(found)
        if found and isinstance(node, dict) and "@type" in node:
            kinds = jsonld_types(node)
            if any(k.endswith("organization") for k in kinds):
                orgs.update(n.casefold() for n in found)
            elif "person" in kinds:
                people.update(n.casefold() for n in found)
    return credits.Layer(
        names, credited=False, declared_orgs=frozenset(orgs), declared_people=frozenset(people)
    )


def _keywords(meta: PageMeta) -> list[str]:
    value = meta.article.get("keywords")
    if isinstance(value, str):
        value = value.split(",")
    flat: list[str] = []
    # antara nests a list in the list: a stack of what is left, reversed so that its end is the next
    # keyword in order (``pop(0)`` moved the whole rest a keyword: 14 s for a page's 100,000 of them)
    stack = list(reversed(value)) if isinstance(value, list) else []
    while stack and len(flat) < MAX_KEYWORD_TERMS:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, str):
            flat.append(item)
    for name in ("news_keywords", "keywords"):
        for content in meta.all(name):
            flat.extend(content.split(",", MAX_KEYWORD_TERMS)[:MAX_KEYWORD_TERMS])
    return flat


def _content_people(value: str | None, sites: Iterable[str]) -> list[str]:
    """The people of a ``content_editor`` or ``content_author`` meta: a comma list of names
    (``Vitorio Mantalean, Adhyasta Dirgantara``), each cleaned as a credited name."""
    cleaned = _clean_names(value, sites) if value else []
    return [part.strip() for name in cleaned for part in name.split(",") if part.strip()]


# Google Tag Manager's data layer, where Indonesian CMSes (Tribun's, Pikiran Rakyat's, Media Indonesia's)
# name the story's writer beside its editor for their analytics, while their JSON-LD names the editor's
# account as the author: ``dataLayer = [{'penulis': 'X', 'editor': 'Y'}]``,
# ``dataLayer.push({'author': 'X'})``
_DATA_LAYER_SCRIPTS = etree.XPath("//script[not(@src)][contains(., 'dataLayer')]")
_DATA_LAYER_OPENING = re.compile(r"dataLayer\s*(?:=\s*(?=\[)|\.push\(\s*(?=\{))")
_WRITER_KEYS = ("penulis", "author", "writer", "reporter", "wartawan")
DATA_LAYER_SCRIPTS_READ = 3  # scripts read at most, and objects in each: a page pushes one or two
DATA_LAYER_OBJECT_CHARS = 20_000  # what one object may take of its script (real ones: a few hundred)


def data_layer_writers(root: etree._Element) -> list[str]:
    """The writers a page names in its analytics data layer (see ``_DATA_LAYER_SCRIPTS``)."""
    names: list[str] = []
    for script in _DATA_LAYER_SCRIPTS(root)[:DATA_LAYER_SCRIPTS_READ]:
        text = script.text or ""
        for opening in islice(_DATA_LAYER_OPENING.finditer(text), DATA_LAYER_SCRIPTS_READ):
            try:
                data = chompjs.parse_js_object(text[opening.end() : opening.end() + DATA_LAYER_OBJECT_CHARS])
            except ValueError:  # no object there, or one cut at the bound
                continue
            for entry in data if isinstance(data, list) else [data]:
                if isinstance(entry, dict):
                    names += [v for k in _WRITER_KEYS if isinstance(v := entry.get(k), str) and v.strip()]
    return names


def credits_of_page(
    root: etree._Element,
    meta: PageMeta,
    *,
    profile_names: Callable[[], list[str]],
    link_names: Callable[[], list[str]],
    body: CleanBody,
    data_layer_names: Callable[[], list[str]] = list,
    keep: Callable[[etree._Element], bool],
    sites: Iterable[str] = (),
    texts: list | None = None,
) -> Credits:
    """Authors, organisational credits and editors of one page (see ``credits.choose`` for the order).
    ``texts``: the body's text nodes when already read (``textscan.body_texts``); ``data_layer_names``:
    the writers of the page's analytics data layer (:func:`data_layer_writers`), asked for only when no
    layer before it named anyone but an editor."""
    sites = tuple(sites)
    shown = credits.shown_credits(root, keep, texts)
    in_body = body.byline_credits
    article = meta.article
    editors = [n for role, n in shown + in_body if role == EDITOR]
    if not editors:
        editors = _jsonld_people(meta, article.get("editor"), sites) if article else []
    if not editors and article:
        editors = _jsonld_titled_editors(meta, article.get("author"), sites)
    if not editors:
        editors = [n for role, n in credits.keyword_credits(_keywords(meta)) if role == EDITOR]
    if not editors:  # the Kompas Gramedia CMS's meta (kompas.com and its network) for a view that shows none
        editors = _content_people(meta.first("content_editor"), sites)
    shown_authors = [n for role, n in shown if role == AUTHOR]
    body_authors = [n for role, n in in_body if role == AUTHOR] + body.signature
    photographers = [n for role, n in shown + in_body if role == PHOTO]
    # organisations credited on the page (a byline's "Tim detikBali", an agency signing the story)
    credited = [n for n in shown_authors + body_authors if credits.is_organisation(n)]

    def clean(names: list[str]) -> list[str]:
        return [c for n in names for c in _clean_names(n, sites)]

    layers = (
        lambda: _jsonld_layer(meta, article.get("author") if article else None, sites),
        lambda: _jsonld_layer(meta, article.get("creator") if article else None, sites),
        lambda: Layer(clean(profile_names())),
        lambda: Layer(shown_authors),
        lambda: Layer(clean(link_names())),
        lambda: Layer(clean(meta.all("author") + meta.all("article:author")), credited=False),
        lambda: Layer(clean(data_layer_names()), credited=False),
        lambda: Layer(body_authors),
    )
    chosen = credits.choose(layers, editors, photographers, credited, sites)
    if body.source:  # a story republished from elsewhere credits its first writer too: not a co-author
        return chosen
    return _with_shown_co_authors(chosen, shown_authors, sites)


def _with_shown_co_authors(chosen: Credits, shown_authors: list[str], sites: tuple[str, ...]) -> Credits:
    """The visible credits' writers when they name the chosen authors and more people: page data often
    names the first writer only (liputan6 2015's JSON-LD; its credits list names both). Only names that
    are a person's (every word capitalised, not the site or an organisation) are added."""
    if not chosen.authors:
        return chosen
    people = [n for n in unique(shown_authors) if _person_like(n) and not credits.names_site(n, sites)]
    shown = {n.casefold() for n in people}
    if len(people) <= len(chosen.authors) or not all(a.casefold() in shown for a in chosen.authors):
        return chosen
    edited = {e.casefold() for e in chosen.editors}
    authors = [n for n in people if n.casefold() not in edited]
    return dataclasses.replace(chosen, authors=authors[:MAX_CREDITED])


def _person_like(name: str) -> bool:
    """Each word capitalised and no organisation's sign: ``Hanz Jimenez Salim``, not ``Special to the
    Pioneer Press``."""
    words = name.split()
    return bool(words) and all(w[0].isupper() for w in words) and not credits.is_organisation(name)
