"""``extract``: one HTML page in, its ``ArticleItem`` out (every field but those set later in the crawl:
``crawledAt``, ``version``, ``duplicateOf``), with what the extractor noticed on the way beside it.

Each field is read in layers: JSON-LD and meta tags, then the portal profile's selectors, then a
generic rule, so a theme change degrades a field instead of emptying the item. The page is parsed
once (``crawler.extract.page``); each field has its reader: ``page_headline``, ``body_assembly``,
``page_fields`` (description, credits, image, canonical, language), ``page_section``, ``page_tags``,
``page_dates``, ``galleries``, ``press_releases``, ``images`` (every image of the article) and
``publication`` (publisher, free access).
"""

from __future__ import annotations

from datetime import datetime
from functools import cached_property

from crawler.dates import find_dates
from crawler.extract import page_fields, pagetype, publication
from crawler.extract.body_assembly import assemble_body
from crawler.extract.clean import CleanBody, count_and_fingerprint, fingerprint
from crawler.extract.document import cut_markup, decode, parse_page
from crawler.extract.galleries import gallery_body, is_gallery
from crawler.extract.images import article_images
from crawler.extract.mojibake import fix_mojibake_utf8
from crawler.extract.page import Page, bare_host
from crawler.extract.page_dates import modified_date
from crawler.extract.page_headline import read_headline
from crawler.extract.page_section import read_section
from crawler.extract.page_tags import read_tags
from crawler.extract.pagination import next_page_url
from crawler.extract.press_releases import is_press_release
from crawler.extract.when import modified_in_zone_of, published_by
from crawler.items import ArticleItem
from crawler.profiles import Pagination, Profile, profile_for_url
from crawler.urls import canonicalize

# Dates an item's mentionedDates keeps at most, in body order: a long report names a few dozen (24 at most on
# the bench pages); a page of thousands of dates would make the line megabytes long.
MAX_MENTIONED_DATES = 200
# what a description is checked against (``page_fields.description``): the headline and the body's opening
ABOUT_CHARS = 3000


def extract(
    html: str | bytes,
    url: str,
    profile: Profile | None = None,
    *,
    reference: datetime | None = None,
    encoding: str | None = None,
    max_tags: int = 0,
) -> Extraction:
    """Extract one article page. ``reference`` is the fetch time (for relative dates); bad or empty
    HTML gives an item with an empty body and ``pageType`` ``other`` rather than an exception.
    ``profile`` defaults to the one whose domains hold ``url``. ``max_tags`` (0: no limit) bounds the
    memory a page may take: only its first ``max_tags`` tags are parsed (``Extraction.cut`` says so)."""
    if not isinstance(url, str) or not url:
        raise TypeError(f"url must be a non-empty str, got {url!r}")
    if profile is None:
        profile = profile_for_url(url)
    text, cut = cut_markup(decode(html, encoding), max_tags)
    # the one repair: every field reads the repaired page (and the parser the UTF-8 its check made)
    text, mojibake, utf8 = fix_mojibake_utf8(text)
    root, too_deep = parse_page(text, utf8)
    if root is None:
        return Extraction(_empty_item(url, profile), None, profile, cut=cut, mojibake_runs=mojibake)
    page = Page(root, url, profile, reference, text)
    return Extraction(_item(page), page, profile, cut=cut, mojibake_runs=mojibake, too_deep=too_deep)


def extract_article(
    html: str | bytes,
    url: str,
    profile: Profile | None = None,
    *,
    reference: datetime | None = None,
    encoding: str | None = None,
) -> ArticleItem:
    """The item of one article page: ``extract(...).item``."""
    return extract(html, url, profile, reference=reference, encoding=encoding).item


class Extraction:
    """An extracted page: its item, and the diagnostics the crawl keeps beside it.

    Each diagnostic is computed on first use from the page already parsed, so a caller that wants only
    the item (a benchmark, a test, a notebook) pays nothing for them.
    """

    def __init__(
        self,
        item: ArticleItem,
        page: Page | None,
        profile: Profile | None,
        *,
        cut: bool = False,
        mojibake_runs: int = 0,
        too_deep: bool = False,
    ) -> None:
        self.item = item
        self._page = page
        self._profile = profile
        self.cut = cut  # the page had more tags than ``max_tags``: only its first ones were read
        # the page nests elements past the parser's limit (2048 levels): what came after was not read
        self.too_deep = too_deep
        # runs of UTF-8 once read as windows-1252 (``SÃ¡rneczky``) put back before the page was parsed
        self.mojibake_runs = mojibake_runs

    @cached_property
    def profile_misses(self) -> list[str]:
        """The selector fields the profile configures whose own selectors matched nothing on this page
        (``body`` also when its container cleaned to nothing), for the layout-drift alarm."""
        if self._page is None:
            return sorted(f for f, sel in self._profile.selectors.items() if sel) if self._profile else []
        return self._page.profile_misses(self.item.extractedBy)

    @cached_property
    def date_disagreements(self) -> int:
        """How many date sources (JSON-LD, meta, visible line, permalink) are more than a day away from
        ``datePublished``, for the crawl stats."""
        return self._page.published_date.disagreements if self._page is not None else 0

    @cached_property
    def next_page(self) -> str | None:
        """The URL of the article's next page, or None (``crawler.extract.pagination.next_page_url``,
        read from the tree already parsed instead of a second parse)."""
        if self._page is None:
            return None
        limit = (self._profile.pagination if self._profile else Pagination()).max_pages
        return next_page_url(self._page.root, self._page.url, max_pages=limit)


def _item(page: Page) -> ArticleItem:
    """Every field of the page, read in the order the later ones need: the headline guides the body
    finder, the body holds the byline credits, the published date places the body's day mentions."""
    headline = read_headline(page)
    body, extracted_by, matches, blocks = assemble_body(page, headline)
    kind = "article"
    if is_gallery(page, body, headline):
        kind = "gallery"
        body = gallery_body(page, body)
    # the published date before the credits: only a page whose date needs the scan of the body's texts
    # makes their list, and the credit scan then reads it instead of asking lxml for it again
    published = page.published_date.found
    credits = page_fields.read_credits(page, body)
    section = read_section(page, headline)
    if kind == "article" and is_press_release(page, body, credits, section):
        kind = "press-release"
    lead = page_fields.main_image(page)
    about = f"{headline} {(body.text or '')[:ABOUT_CHARS]}"  # what the story speaks of
    fields: dict = {
        "headline": headline,
        "publisher": publication.publisher(page),
        "description": page_fields.description(page, about),
        **credits.as_fields(),
        "section": section,
        "tags": read_tags(page, about, [*credits.authors, *credits.editors]),
        "mainImage": lead,
        # a photo page's body is its captions, found anywhere on the page: its images are around them
        "images": article_images(
            page,
            body.text,
            lead,
            from_container=extracted_by == "profile" and kind != "gallery",
            blocks=blocks if kind != "gallery" else None,
        ),
        "kind": kind,
        "isAccessibleForFree": publication.is_accessible_for_free(page),
    }
    modified = modified_date(page)
    if published is not None:
        published = published_by(published, modified, page.date_reads)
        modified = modified_in_zone_of(modified, published, page.date_reads)
    fields.update(
        datePublished=published.shown if published else None,
        datePublishedRaw=published.raw if published else None,
        datePublishedSource=published.source if published else None,
        datePublishedPrecision=published.precision if published else None,
        dateModified=modified.iso if modified else None,
        dateModifiedRaw=modified.raw if modified else None,
    )
    # years of day-month mentions are placed relative to the article's own date
    mention_ref = published.value if published else page.reference
    page_type = pagetype.judge(page.root, page.meta, body, extracted_by, matches, page.profile, page.url)
    if kind == "gallery" and body.text:
        page_type = pagetype.ARTICLE  # a photo page is an article whose body is its captions
    fields["inLanguage"] = page_fields.page_language(page, body.text or fields.get("description") or headline)
    return _assemble(
        page.url,
        page.profile,
        page_fields.canonical(page),
        fields,
        body,
        extracted_by,
        mention_ref,
        page_type,
    )


def _empty_item(url: str, profile: Profile | None) -> ArticleItem:
    return _assemble(url, profile, canonicalize(url), {}, CleanBody(), "generic", None, "other")


def _assemble(
    url: str,
    profile: Profile | None,
    canonical: str,
    fields: dict,
    body: CleanBody,
    extracted_by: str,
    mention_ref: datetime | None,
    page_type: str,
) -> ArticleItem:
    text = body.text
    mentions = []
    if text:
        ref = mention_ref or datetime.now().astimezone()
        mentions = [m.as_item() for m in find_dates(text, reference=ref, limit=MAX_MENTIONED_DATES)]
    language = fields.get("inLanguage") or (profile.language if profile else "id")
    words, body_key = count_and_fingerprint(text)
    return ArticleItem(
        url=url,
        canonicalUrl=canonical,
        portal=profile.name if profile else bare_host(url),
        publisher=fields.get("publisher"),
        headline=fields.get("headline", ""),
        description=fields.get("description"),
        articleBody=text,
        wordCount=words,
        authors=fields.get("authors", []),
        authorsOrg=fields.get("authorsOrg", []),
        editors=fields.get("editors", []),
        reporterCodes=body.reporter_codes,
        datePublished=fields.get("datePublished"),
        dateModified=fields.get("dateModified"),
        datePublishedRaw=fields.get("datePublishedRaw"),
        dateModifiedRaw=fields.get("dateModifiedRaw"),
        datePublishedSource=fields.get("datePublishedSource"),
        datePublishedPrecision=fields.get("datePublishedPrecision"),
        section=fields.get("section"),
        tags=fields.get("tags", []),
        mainImage=fields.get("mainImage"),
        images=fields.get("images", []),
        inLanguage=language,
        kind=fields.get("kind", "article"),
        isAccessibleForFree=fields.get("isAccessibleForFree"),
        dateline=body.dateline,
        mentionedDates=mentions,
        source=body.source,
        extractedBy=extracted_by,
        fingerprint=body_key,
        pageType=page_type,
    )


__all__ = ["Extraction", "extract", "extract_article", "fingerprint"]
