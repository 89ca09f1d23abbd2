"""The article item: one stable schema for every portal, defined once, here.

Everything else that names the fields is generated from this class or checked against it: the JSON Schema
(``crawler/schema/article.schema.json``), ``FEED_EXPORT_FIELDS``, the field tables of README.md and
docs/DESIGN.md (``python -m crawler.schema.generate`` writes all three; the tests fail when they are stale).
The field names follow schema.org's NewsArticle where one exists; the declaration order is the export order.

A plain dataclass, not a ``scrapy.Item``: the extraction library returns it and imports no Scrapy; Scrapy's
exporters and the pipelines handle it through itemadapter. ``slots`` makes an unknown attribute raise, and
itemadapter raises on an unknown key, so a typo cannot silently add a column.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache
from importlib.resources import files
from typing import Annotated, Any, Literal, TypedDict

# Read through importlib.resources, so the schema loads from a zipped egg (scrapyd) as from a checkout.
SCHEMA_PATH = files("crawler") / "schema" / "article.schema.json"


# ---- what a value must look like beyond its type: JSON Schema keywords the generator adds -------------
class Keywords:
    """JSON Schema keywords a value must also meet beyond its type, as ``Annotated`` metadata
    (``Annotated[str, Keywords(minLength=1)]``); hashable, so an annotated type can sit in a union."""

    __slots__ = ("pairs",)

    def __init__(self, **keywords: Any) -> None:
        self.pairs = tuple(keywords.items())

    def __hash__(self) -> int:
        # a value may be a list of subschemas (``anyOf``): hashed through its JSON text
        return hash(json.dumps(self.pairs, sort_keys=True))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Keywords) and other.pairs == self.pairs

    def __repr__(self) -> str:
        return f"Keywords({', '.join(f'{k}={v!r}' for k, v in self.pairs)})"


# The version of the export schema: one number for the shape of a line. Bumped when a field is added,
# removed or renamed, or when a field's type or form changes (1: the fields before issue 14's schema
# conventions; 2: images, isAccessibleForFree, publisher, wordCount and schemaVersion itself). Every
# exported line carries it (``schemaVersion``), and the JSON Schema's ``$id`` names it.
SCHEMA_VERSION = 2
SCHEMA_ID = f"urn:warta:schema:article:{SCHEMA_VERSION}"

WEB_URL = Keywords(pattern="^https?://")
ABSOLUTE_URL = Keywords(format="uri", pattern="^https?://")
NON_EMPTY = Keywords(minLength=1)
ISO_DATETIME = Keywords(format="date-time", pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$")
# A date with its time and offset, or the day alone when only the day is known: JSON Schema's
# ``date-time`` format needs the time, so either format, whichever the value has.
DATETIME_OR_DATE = [{"format": "date-time"}, {"format": "date"}]
ISO_DATETIME_OR_DAY = Keywords(
    pattern=r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})?$", anyOf=DATETIME_OR_DATE
)
UTC_SECOND = Keywords(format="date-time", pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


class SetBeforeExport:
    """Marks a field that is None when extracted and always set before the line is exported (``crawledAt``
    by the spider, ``version`` by the dedup pipeline): the exported line never holds null there."""


SET_BEFORE_EXPORT = SetBeforeExport()
# Field metadata of the fields the pipelines read but consumers never see (not in FEED_EXPORT_FIELDS).
INTERNAL = {"exported": False}

PageType = Literal["article", "listing", "other"]
Kind = Literal["article", "gallery", "press-release"]
DateSource = Literal["jsonld", "meta", "visible", "sitemap", "url"]
DatePrecision = Literal["day", "minute", "second"]


class MainImage(TypedDict):
    """The article's lead image."""

    url: Annotated[str, WEB_URL]
    """Absolute http(s) URL of the image file, at most 2,083 characters (a longer one is not taken)."""
    caption: str | None
    """The caption shown with it, if any."""


class Image(TypedDict):
    """An image of the article."""

    url: Annotated[str, WEB_URL]
    """Absolute http(s) URL of the image file, at most 2,083 characters (a longer one is not taken)."""
    caption: str | None
    """The caption shown with it (figcaption, caption element), if any."""


class MentionedDate(TypedDict):
    """A date the article body mentions, resolved to a calendar day."""

    text: Annotated[str, NON_EMPTY]
    """The mention itself, weekday included, nothing around it: ``Senin (14/3)``."""
    date: Annotated[
        str,
        Keywords(pattern=r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2})?$", anyOf=DATETIME_OR_DATE),
    ]
    """``YYYY-MM-DD``, or ``YYYY-MM-DDTHH:MM:00+07:00`` when the mention has a time (its zone from
    WIB/WITA/WIT)."""
    weekdayMatches: bool | None
    """Whether the weekday named agrees with the date; null when no weekday is named."""


@dataclass(slots=True, kw_only=True)
class ArticleItem:
    """One clean news article: one JSON object per line of an export."""

    url: Annotated[str, ABSOLUTE_URL]
    """The URL fetched, after redirects."""
    canonicalUrl: Annotated[str, ABSOLUTE_URL]
    """The page's ``rel=canonical`` when on the same site (scheme, host and port) and either a view of the
    page's own path (another query) or an article already read with the same body, and at most 2,083
    characters; else the fetched URL (a claim on another article is never taken on trust); always passed
    through ``crawler.urls.canonicalize`` (no tracking parameters, AMP forms or fragments)."""
    portal: Annotated[str, NON_EMPTY]
    """Profile name (``jagatbisnis``), or the host for the generic spider."""
    publisher: Annotated[str, NON_EMPTY] | None
    """The publisher's display name: JSON-LD ``publisher.name``, else ``<meta name="publisher">``,
    og:site_name (unless it is only a sub-domain's host name), application-name, the profile's title, the
    site name the ``<title>`` prints after the headline; the name before a bar (``The Jerusalem Post |
    JPost.com``), never a handle (``@politifact``) or a blogging platform (``Blogger``); null when the page
    names none."""
    headline: Annotated[str, NON_EMPTY]
    """The article's title, without the site name (no source past 500 characters is read as one)."""
    description: str | None
    """The meta, og or JSON-LD description, the first of them that is at most 5,000 characters."""
    articleBody: Annotated[str, NON_EMPTY]
    """Clean paragraphs joined by a blank line; link, bold and italic text kept; inserts, ads, boilerplate,
    dateline and reporter code removed."""
    wordCount: Annotated[int, Keywords(minimum=0)]
    """Words in ``articleBody``: its whitespace-separated runs holding a letter or digit (a lone dash or
    bullet is not a word)."""
    authors: list[Annotated[str, NON_EMPTY]]
    """People credited as writers (Penulis, Reporter, Pewarta, Oleh, Laporan wartawan, an end signature
    such as ``DINI TEJA``), names only, in page order, unique, at most 100; never editors, never
    organisations."""
    authorsOrg: list[Annotated[str, NON_EMPTY]]
    """Organisational credits: ``Tim detikBali``, an agency signing the story (``ANTARA``), an account
    code (``prwir``), at most 100; never the publisher's own name from ``<meta name="author">``."""
    editors: list[Annotated[str, NON_EMPTY]]
    """Editors credited: Editor, Redaktur, ``Red:``, Penyunting (the visible credit wins over JSON-LD's
    ``editor`` and the ``content_editor`` meta), at most 100."""
    reporterCodes: list[Annotated[str, NON_EMPTY]]
    """Codes closing the body, in their printed form: ``(pia)`` gives ``["pia"]``, ``(mea/mea)``
    ``["mea/mea"]``, ``[ian]`` ``["ian"]``, ``(*/win)`` ``["*/win"]``, ``(Cas/Isk)`` ``["Cas/Isk"]``,
    ``(***/Fajar)`` ``["***/Fajar"]``."""
    datePublished: Annotated[str, ISO_DATETIME_OR_DAY] | None
    """ISO 8601 with seconds and the offset the page states (WIB ``+07:00``, WITA ``+08:00``, WIT
    ``+09:00``): ``2022-03-15T08:12:40+07:00``; a UTC value is expressed in the portal's zone. When only
    the day is known (a permalink's ``/2022/03/15/``, a date line without time) the day alone,
    ``2022-03-15``, never a made-up midnight. The date line shown to readers wins over a disagreeing
    machine value (see docs/DESIGN.md, "datePublished rules"). A value no page can have is no candidate:
    1970-01-01 (a zero timestamp), a year before 1900, or a time over two days after the fetch. A line
    without its year (``13 Aug``) falls on its last date before the fetch, and before ``dateModified``."""
    datePublishedRaw: str | None
    """The text the publication date was read from."""
    datePublishedSource: DateSource | None
    """Where the publication date came from: ``jsonld``, ``meta``, ``visible``, ``sitemap`` or ``url``."""
    datePublishedPrecision: DatePrecision | None
    """How much of ``datePublished`` the page states: ``day`` (then ``datePublished`` is ``YYYY-MM-DD``),
    ``minute`` (a date line such as ``15/03/2022 08:12 WIB``: seconds are ``:00``) or ``second``."""
    dateModified: Annotated[str, ISO_DATETIME] | None
    """The page's own modification date, never the crawl time; same form as a ``datePublished`` with a
    time, and held to the same bounds. Written without an offset, it is in the portal's zone, unless that
    puts it before a publication whose value states its zone: then in that zone."""
    dateModifiedRaw: str | None
    """The text the modification date was read from."""
    section: str | None
    """The category name as shown (``Internasional``): the breadcrumb's most specific item, whether a
    class names the trail or it is the front page's link followed by channel links just above the
    headline (``Tribunnews.com » Metropolitan``); in a channel menu shown as a trail, its unlinked item."""
    tags: list[Annotated[str, NON_EMPTY]]
    """Tag names as shown, at most 100 in page order (a longer keyword list is stuffing); never the
    buttons a tag block also holds (``PRINT``, ``Hashtag Lainnya...``: links that lead nowhere). A page
    that shows none gives its keyword metadata, never the site's own name in it."""
    mainImage: MainImage | None
    """The lead image: ``{"url": absolute URL, "caption": str or null}``; never the picture a site shares
    for any page (``opengraph_default.png``, its logo)."""
    images: list[Image]
    """Every image of the article, in page order, each once, at most 200: the lead image first
    (``mainImage``), then the images of the article body and of the article's own ``<figure>`` elements,
    each ``{"url": absolute URL, "caption": str or null}``; never ads, logos, icons, avatars, tracking
    pixels, share buttons or other articles' thumbnails."""
    inLanguage: Annotated[str, Keywords(minLength=2)]
    """The article's language as a primary code (``id``, ``en``): the page's declarations (JSON-LD,
    ``<html lang>``, og:locale) checked against its text."""
    kind: Kind = "article"
    """What the item is: ``article``, ``gallery`` (a photo page: ``articleBody`` holds its captions; told
    by its URL, JSON-LD, or a ``FOTO: …`` headline over a photo viewer with little text of its own) or
    ``press-release``."""
    isAccessibleForFree: bool | None
    """Whether the whole article is free to read, as the page declares it: JSON-LD
    ``isAccessibleForFree`` of the article (false also when a ``hasPart`` element is marked not free, the
    paywalled-content markup), of its WebPage, microdata, or ``article:content_tier`` (``free``; ``locked``
    and ``metered`` are false); null when the page declares nothing."""
    dateline: str | None
    """The place of the opening dateline, out of the body, without its dash and the brand:
    ``JAKARTA, KOMPAS.com -`` gives ``JAKARTA``, ``Mataram, NTB (ANTARA News) -`` ``Mataram, NTB``;
    null when there is none or it names only the brand (``JagatBisnis.com –``)."""
    mentionedDates: list[MentionedDate]
    """Dates inside ``articleBody``, in body order, at most 200:
    ``{"text": "Senin (14/3)", "date": "2022-03-14", "weekdayMatches": true}``."""
    source: str | None
    """The syndication source: ``Antara`` from ``sumber : Antara``."""
    extractedBy: Literal["profile", "generic"]
    """``profile``, or ``generic`` when the portal's body selectors found nothing (the fallback a theme
    change shows up as)."""
    crawledAt: Annotated[str | None, UTC_SECOND, SET_BEFORE_EXPORT] = None
    """UTC time of the fetch: ``2026-11-28T11:47:05Z``."""
    fingerprint: Annotated[str, Keywords(pattern="^[0-9a-f]{40}$")]
    """sha1 hex of the normalised body (lower case, whitespace folded)."""
    version: Annotated[int | None, Keywords(minimum=1), SET_BEFORE_EXPORT] = None
    """1 for the first export of a canonical URL, then 2, 3 … each time its body changes between runs."""
    duplicateOf: str | None = None
    """The first copy's canonical URL, when the story is a near-duplicate from another portal."""
    schemaVersion: Literal[2] = SCHEMA_VERSION
    """The version of this schema the line follows (``crawler.items.SCHEMA_VERSION``); it goes up when a
    field is added, removed or renamed, or changes type or form, and the JSON Schema's ``$id`` names it
    (``urn:warta:schema:article:2``)."""

    # ---- internal: read by the pipelines and extensions, never exported ------------------------------
    pageType: PageType | None = field(default=None, metadata=INTERNAL)
    """What the page is: ``article``, ``listing`` or ``other``; validation drops all but articles."""
    profileMisses: list[str] | None = field(default=None, metadata=INTERNAL)
    """Profile selector fields that matched nothing on the page; the layout-drift alarm names them.
    None when not reported."""
    dateDisagreements: int | None = field(default=None, metadata=INTERNAL)
    """How many date sources are more than a day away from ``datePublished``, for the crawl stats."""

    def __getitem__(self, name: str) -> Any:
        """A field by name, read as from an exported line (``item["headline"]``); KeyError if unknown."""
        if name not in FIELD_NAMES:
            raise KeyError(name)
        return getattr(self, name)


FIELD_NAMES = frozenset(f.name for f in fields(ArticleItem))
# The exported fields, in export order (FEED_EXPORT_FIELDS).
EXPORT_FIELDS = [f.name for f in fields(ArticleItem) if f.metadata.get("exported", True)]
# Fields the pipelines use but consumers never see.
INTERNAL_FIELDS = [f.name for f in fields(ArticleItem) if not f.metadata.get("exported", True)]


def is_empty_value(value: Any) -> bool:
    """A field with nothing in it: None, or an empty text, list or mapping (what the tally counts as
    missing and a ``@fills`` contract refuses)."""
    return value is None or (isinstance(value, (str, list, dict)) and not value)


@cache
def article_schema() -> dict:
    """The JSON Schema of one exported line, as ``crawler.schema.generate`` wrote it from ``ArticleItem``."""
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@cache
def _dataclass_fields(item_type: type) -> tuple[str, ...] | None:
    return tuple(f.name for f in fields(item_type)) if is_dataclass(item_type) else None


def field_values(item: Any) -> dict[str, Any] | None:
    """A dataclass item's fields by name, read off its attributes into a dict (an article's forty-odd
    fields at dict speed, ~3 µs against ~16 through itemadapter); None for any other item."""
    names = _dataclass_fields(type(item))
    return None if names is None else {name: getattr(item, name) for name in names}
