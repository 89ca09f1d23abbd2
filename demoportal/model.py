"""The source data of the demo site. Pages and truth are both rendered from these objects.

An article body is a list of clean paragraphs plus noise fragments placed between or inside them, so the
truth (clean text) and the page (text + noise) can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

ZONES: dict[str, timezone] = {
    "WIB": timezone(timedelta(hours=7)),
    "WITA": timezone(timedelta(hours=8)),
    "WIT": timezone(timedelta(hours=9)),
}
JAKARTA = ZONES["WIB"]


@dataclass(frozen=True)
class Part:
    """A run of a paragraph: plain text, inline markup whose text belongs to the body, or noise.

    ``kind`` is ``text``, ``link`` (``<a href>``), ``strong``, ``em`` or ``noise`` (raw HTML that the
    truth leaves out, e.g. an insert running on inside a paragraph).
    """

    kind: str
    text: str = ""
    href: str = ""
    html: str = ""


@dataclass(frozen=True)
class Mention:
    """A date mentioned in the body; ``date`` None means the mention must not be reported."""

    text: str
    date: str | None
    weekday_matches: bool | None = None


@dataclass
class Paragraph:
    parts: list[Part]
    mentions: list[Mention] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The clean text of the paragraph, inline link text kept, noise dropped."""
        return "".join(p.text for p in self.parts if p.kind != "noise")


@dataclass(frozen=True)
class Noise:
    """A block of page furniture inside the body container: rendered after paragraph ``after``."""

    after: int
    html: str
    kind: str


@dataclass(frozen=True)
class Brand:
    """Who publishes the site. ``profile`` names the crawler profile (None: crawled by the generic spider)."""

    profile: str | None
    name: str
    short: str
    tagline: str
    email: str
    mixadvert: bool = False


JAGATBISNIS = Brand(
    "jagatbisnis",
    "JagatBisnis.com",
    "JagatBisnis",
    "Portal Berita Bisnis dan Ekonomi",
    "redaksi@jagatbisnis.example",
    mixadvert=True,
)
KABARNUSA = Brand(
    None, "KabarNusa.id", "KabarNusa", "Kabar Terkini dari Seluruh Nusantara", "redaksi@kabarnusa.example"
)
BRANDS = {"jagatbisnis": JAGATBISNIS, "kabarnusa": KABARNUSA}


@dataclass(frozen=True)
class Category:
    slug: str
    name: str


@dataclass(frozen=True)
class Tag:
    slug: str
    name: str


@dataclass(frozen=True)
class Author:
    slug: str
    name: str
    organisation: bool = False  # a team credit ("Tim Redaksi"): the truth's authorsOrg, not authors


@dataclass(frozen=True)
class Image:
    path: str
    caption: str | None
    alt: str


@dataclass
class Article:
    """One post. ``published``/``modified`` are aware datetimes; ``zone`` is the zone the page shows.

    ``date_mode`` says where the page carries its dates: ``jsonld`` (Yoast graph + meta), ``meta``
    (meta tags only) or ``visible`` (only the visible date line, in ``header_form``).
    """

    id: int
    slug: str
    headline: str
    description: str
    category: Category
    tags: list[Tag]
    authors: list[Author]
    published: datetime
    modified: datetime | None
    paragraphs: list[Paragraph]
    noise: list[Noise] = field(default_factory=list)
    zone: str = "WIB"
    date_mode: str = "jsonld"
    meta_shape: str = "colon"
    header_form: str = "jagat"
    dateline_html: str | None = None
    dateline: str | None = None
    dateline_outside: bool = False  # detik: the dateline stands before the first <p>, not inside it
    code_html: str | None = None
    reporter_codes: list[str] = field(default_factory=list)
    source: str | None = None
    image: Image | None = None
    topic: str = ""
    editor: str = ""
    editor_shown: bool = False  # a byline line in the body names the editor
    replaces: str | None = None  # path of the post this one re-publishes under a new slug
    page_breaks: tuple[int, ...] = ()  # paragraph indexes that open pages 2, 3 … (WordPress <!--nextpage-->)
    # (index, paragraph) as that paragraph read before the edit made at ``modified``
    pre_edit: tuple[int, Paragraph] | None = None

    @property
    def page_count(self) -> int:
        return len(self.page_breaks) + 1

    def page_paragraphs(self, page: int) -> range:
        """Indexes of the paragraphs shown on ``page`` (1-based)."""
        bounds = [0, *self.page_breaks, len(self.paragraphs)]
        return range(bounds[page - 1], bounds[page])

    def page_path(self, page: int) -> str:
        return self.path if page == 1 else f"{self.path}{page}/"

    @property
    def local_published(self) -> datetime:
        """The publication instant in the site's own zone (Jakarta): permalinks and archives use it."""
        return self.published.astimezone(JAKARTA)

    @property
    def path(self) -> str:
        d = self.local_published
        return f"/{d:%Y/%m/%d}/{self.slug}/"

    @property
    def shown_published(self) -> datetime:
        return self.published.astimezone(ZONES[self.zone])

    @property
    def shown_modified(self) -> datetime | None:
        return self.modified.astimezone(ZONES[self.zone]) if self.modified else None

    @property
    def body_text(self) -> str:
        return "\n\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True)
class Page:
    """A static WordPress page (``/redaksi/`` …), listed in ``page-sitemap.xml``."""

    slug: str
    title: str
    paragraphs: tuple[str, ...]
