"""The tags of a page: a tag block that belongs to the article, else its keyword metadata.

A tag block counts when it comes after the headline, is not a menu, a tag cloud or the site's trending
list (``taxonomy.is_site_wide``); keyword metadata is cleaned of CMS labels (``taxonomy.clean_keywords``).
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from crawler.extract import taxonomy
from crawler.extract.credits import unique
from crawler.extract.metadata import jsonld_text
from crawler.extract.page import (
    GENERIC_SELECTORS,
    LINK_OUTSIDE_CHROME,
    Page,
    document_path,
    follows,
    in_body,
    not_category,
)
from crawler.extract.page_fields import word_overlap
from crawler.extract.render import render_text
from crawler.extract.site_names import is_site_name
from crawler.urls import host_on_site, leads_nowhere, url_place

# links this long, all of them, beside a tag list inside the same block are stories' titles (nypost's
# "More on" boxes: 7 to 12 words); tags do run that long too (a real page's 8-word tag), so the words
# alone never drop a tag: only the place beside an inner list does
TITLE_MIN_WORDS = 7
MAX_TAG_LINKS = 15  # more links than this in a "tag" container: a menu or a tag cloud
# Tags an item keeps at most, in the page's order: real pages list up to ~85 (an AEB page's keywords), a
# keywords meta of thousands is stuffing that would make the line megabytes long.
MAX_TAGS = 100
_OUTER_CHROME = frozenset({"nav", "header", "footer", "aside"})
# tag pages: WordPress' /tag/, and the /topic/ or /topik/ pages many portals file stories under
_TAG_LINKS = etree.XPath(f"//body/descendant::a[contains(@href, '/tag/')][{LINK_OUTSIDE_CHROME}]")
_TAG_OR_TOPIC_LINKS = etree.XPath(
    "//body/descendant::a"
    "[contains(@href, '/tag/') or contains(@href, '/topic/') or contains(@href, '/topik/')]"
    f"[{LINK_OUTSIDE_CHROME}]"
)


# where an embedded post's hashtags link to
SOCIAL_HOSTS = frozenset(
    {"twitter.com", "x.com", "facebook.com", "instagram.com", "tiktok.com", "youtube.com", "threads.net"}
)
# a breadcrumb inside a block whose class names tags: the page's header, not the article's tags
_HOLDS_BREADCRUMB = etree.XPath(
    "descendant::*[contains(@itemtype, 'BreadcrumbList') or contains(@class, 'breadcrumb') "
    "or contains(@id, 'breadcrumb')][1]"
)


def read_tags(page: Page, about: str = "", credited: Iterable[str] = ()) -> list[str]:
    """Tags shown with the article (the profile's selectors, else a tag block after the headline
    that is not the site's trending list), else keyword metadata cleaned of CMS labels and of the site's
    own name (``about``: the story's headline and opening, which the site's template keywords never speak
    of), else links to tag pages after the headline but the page's ``credited`` writers and editors
    (kompas links each to ``/tag/<name>``); terms that are no tag left out (``taxonomy.is_tag``)."""
    shown = [t for t in _shown_tags(page) if taxonomy.is_tag(t)]
    if shown:
        return shown[:MAX_TAGS]
    keywords = page.meta.article.get("keywords")
    if isinstance(keywords, str):
        keywords = [keywords]
    elif isinstance(keywords, list):
        keywords = keywords[: taxonomy.MAX_KEYWORD_TERMS]
    for layer in (
        lambda: page.meta.all("article:tag"),
        lambda: [jsonld_text(k) or "" for k in keywords] if isinstance(keywords, list) else [],
        # the first keywords meta is the article's; a later one is the template's (the site's channels)
        lambda: page.meta.all("news_keywords")[:1],
        lambda: page.meta.all("keywords")[:1],
        # the Kompas Gramedia CMS's own tag list (kompas.com and its network): for a view that shows none
        lambda: page.meta.all("content_tag")[:1],
        lambda: [] if _no_tag_block(page) else _tag_link_texts(page, {c.casefold() for c in credited}),
    ):
        terms = [t for t in unique(taxonomy.clean_keywords(layer())) if taxonomy.is_tag(t)]
        tags = _article_terms(page, about, terms)
        if tags:
            return tags[:MAX_TAGS]
    return []


def _article_terms(page: Page, about: str, terms: list[str]) -> list[str]:
    """Keyword terms less the site's own name ("tribunnews", "Tribunnews.com"); and a list that named the
    site is the template's when no other term shares a word with the story (``about``; else the page's
    title and description), as the description is weighed (``word_overlap``): the same channel words on
    every page ("politik, ekonomi, olahraga")."""
    own = [t for t in terms if not is_site_name(t, page.sites)]
    if len(own) == len(terms) or not own:
        return own
    about = (about or f"{page.meta.title} {page.meta.first('description') or ''}").casefold()
    return own if any(word_overlap(term, about) for term in own) else []


def _tag_page_links(page: Page) -> list[etree._Element]:
    """The links to tag pages, each attribute tested only for the kinds the page's text names."""
    source = page.source
    if not source or "/topic/" in source or "/topik/" in source:
        return _TAG_OR_TOPIC_LINKS(page.root)
    return _TAG_LINKS(page.root) if "/tag/" in source else []


def _tag_link_texts(page: Page, credited: set[str]) -> list[str]:
    """The texts of the tag page links after the headline, less those that name a credited person."""
    texts = (_tag_link(page, a) for a in _tag_page_links(page))
    return [t for t in texts if t and " ".join(t.split()).casefold() not in credited]


def _tag_link(page: Page, link: etree._Element) -> str:
    """A tag page link's text when it comes after the headline (a bar above it is the header's; a page
    without a headline shown, a home page, has only the site's trending topics)."""
    if page.headline_node is None or not follows(link, page.headline_node):
        return ""
    if _in_running_text(link):
        return ""
    return render_text(link)


IN_TEXT_PLAIN_CHARS = 100  # text around a link, outside links, that makes its block running text


def _in_running_text(link: etree._Element) -> bool:
    """A link inside a sentence of the story (a name linked to its tag page), not in a tag block: its
    block holds much more plain text than link text."""
    parent = link.getparent()
    if parent is None:
        return False
    plain = len(parent.text or "")
    for child in parent:
        if child.tag != "a":
            plain += sum(len(t) for t in child.itertext())
        plain += len(child.tail or "")
        if plain > IN_TEXT_PLAIN_CHARS:
            return True
    return False


def _no_tag_block(page: Page) -> bool:
    """An older layout whose profile says it shows no tag block (``tags = []``): only its keyword
    metadata holds tags."""
    own = page.selectors.get("tags")
    return (
        own is not None
        and not own
        and page.profile is not None
        and page.layout is not page.profile.layouts[0]
    )


def _leads_somewhere(link: etree._Element) -> bool:
    """A link to a tag page: the buttons a tag block may also hold (merdeka's PRINT / EMAIL / COPY,
    fimela's "Hashtag Lainnya...") lead nowhere (``#``, a script), and a hashtag of an embedded post
    (``<span class="tag">#<a href="https://twitter.com/search?q=…">``, okezone 2015) to a social site."""
    href = (link.get("href") or "").strip()
    if leads_nowhere(href):
        return False
    place = url_place("https:" + href if href.startswith("//") else href)
    if place is None:  # a path on this site, or an address that opens nothing
        return "//" not in href
    return not any(host_on_site(place[1], social) for social in SOCIAL_HOSTS)


def _within_inner_blocks(
    anchors: list[etree._Element], container: etree._Element, blocks: list[etree._Element]
) -> list[etree._Element]:
    """A block's links, less the stories' titles beside the tag blocks inside it: a "More on: plague" box
    holds the tag list and then related stories. Only titles go (``TITLE_MIN_WORDS``): a tag written
    beside the inner blocks is a tag all the same."""
    if len(anchors) > 4 * MAX_TAG_LINKS:
        return anchors  # a menu however it is cut
    inner = set(blocks)
    inside = [a for a in anchors if any(up in inner for up in _ancestors_below(a, container))]
    if not inside or len(inside) == len(anchors):
        return anchors
    kept = set(inside)
    titles = all(len(render_text(a).split()) >= TITLE_MIN_WORDS for a in anchors if a not in kept)
    return inside if titles else anchors


def _ancestors_below(node: etree._Element, top: etree._Element) -> list[etree._Element]:
    """``node``'s ancestors up to ``top``, without it."""
    found = []
    for up in node.iterancestors():
        if up is top:
            break
        found.append(up)
    return found


def _shown_tags(page: Page) -> list[str]:
    own = page.selectors.get("tags")
    if own:
        tags = unique(taxonomy.shown_tag(render_text(n)) for n in page.index.first_match(own))
        if tags:
            return tags
    elif _no_tag_block(page):
        return []
    after = page.headline_node
    containers = page.marked.tag_blocks
    if page.index.could_hold("itemprop", "keywords"):
        # elements in <body> whose itemprop is keywords, from the page index's scan of itemprop values
        keywords = [el for el in page.index.with_attr("itemprop", "=", "keywords") if in_body(el)]
        containers = sorted({*containers, *keywords}, key=document_path)
    for container in containers:
        if container.tag == "a" or (after is not None and not follows(container, after)):
            continue  # a tag bar above the article's title is the site's header
        group = [container]
        parent = container.getparent()
        if parent is not None and container.get("class"):
            group = [c for c in parent if c.get("class") == container.get("class")]
        anchors = _within_inner_blocks([a for c in group for a in c.iter("a")], container, containers)
        if len(anchors) > MAX_TAG_LINKS or any(up.tag in _OUTER_CHROME for up in container.iterancestors()):
            continue  # a menu or a tag cloud, or page chrome
        if taxonomy.is_site_wide(container) or _HOLDS_BREADCRUMB(container):
            continue  # a trending list; a header block around the trail (liputan6's ``js-photo-tag``)
        links = [render_text(a) for a in anchors if _leads_somewhere(a)]
        if container.get("itemprop") == "keywords" and not links:
            links = [render_text(container)]
        if container.get("itemprop") == "keywords":
            tags = unique(taxonomy.clean_keywords(links))
        else:
            tags = unique(taxonomy.shown_tag(t) for t in links)
        if tags:
            return tags
    found = [n for name in GENERIC_SELECTORS["tags"] for n in page.index.select(name) if not_category(n)]
    return unique(taxonomy.shown_tag(render_text(n)) for n in found)
