"""The section of a page: where a page shows its channel, most specific first.

``crawler.extract.taxonomy`` says which labels can be a section; this module knows where a page keeps
them: the profile's selectors, the breadcrumb, a channel label above the headline, JSON-LD/meta
``articleSection``, category links, the titles' channel segment, the active menu item.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from lxml import etree

from crawler.extract import headline as titles
from crawler.extract import taxonomy
from crawler.extract.metadata import jsonld_text
from crawler.extract.page import GENERIC_SELECTORS, LINK_OUTSIDE_CHROME, Page, follows, names_breadcrumb
from crawler.extract.render import render_text

# last resort for a theme no selector knows: category links outside menus and body text
_SECTION_LINKS = etree.XPath(
    "//body/descendant::a[contains(@href, '/category/') or contains(@href, '/kategori/')]"
    f"[{LINK_OUTSIDE_CHROME}]"
)
_CRUMB_ITEMS = etree.XPath(".//li[not(.//li)] | .//a[not(ancestor::li)]")

# a channel label printed just before the headline (``<a class="newsdetail-categorylink">``)
_LABEL_CLASS = re.compile(r"categ|kanal|channel|rubri|section|upperdeck", re.IGNORECASE)


def read_section(page: Page, headline: str) -> str | None:
    """The profile's section selectors, the breadcrumb's most specific meaningful item, a channel
    label printed above the headline, JSON-LD/meta ``articleSection``, the active navigation item,
    category links; never a generic label ("Home", "Berita") or the site's name."""
    sites = page.sites
    meaningful = taxonomy.meaningful_section
    nodes = page.own_nodes("section")
    if len(nodes) > 1 and all(_in_breadcrumb(n) for n in nodes):
        value = taxonomy.breadcrumb_section([render_text(n) for n in nodes], headline, sites)
        if value:
            return value
    for node in nodes:
        value = _section_of_link(page, node, headline)
        if value:
            return value
    # the marks are read for the tags anyway; the page's text is searched (all of it, when it names no
    # breadcrumb) only to confirm one found: a breadcrumb counts where the text spells "bread" in lower case
    crumbs = page.marked.breadcrumbs
    if crumbs and page.source and "bread" not in page.source:
        crumbs = []
    for crumb in crumbs:
        if _holds_headline(page, crumb):
            continue
        items = _CRUMB_ITEMS(crumb)
        value = _current_item(items, headline, sites) or taxonomy.breadcrumb_section(
            [render_text(i) for i in items], headline, sites
        )
        if value:
            return value
    value = _trail_from_home(page, headline) or _label_above_headline(page)
    if value:
        return value
    for declared in (
        *_declared_sections(page.meta.article.get("articleSection")),
        page.meta.first("article:section"),
    ):
        value = meaningful(declared, sites)
        if value:
            return _subsection_in_keywords(page, value) or value
    for node in _shown_sections(page):
        value = meaningful(render_text(node), sites)
        if value:
            return value
    return _section_in_titles(page, headline) or _active_nav(page, headline)


def _current_item(items: list[etree._Element], headline: str, sites: frozenset[str]) -> str | None:
    """The one item of a channel menu shown as a breadcrumb that is no link, when the others are: the
    channel the page is in (suara 2015: ``Nasional`` unlinked beside the links to Metropolitan,
    Internasional, Sport). The usual trail's unlinked last item is the headline, which is no section."""
    if len(items) < 3:
        return None
    linked = sum(1 for i in items if i.tag == "a" or i.find(".//a") is not None)
    texts = [t for i in items if i.tag != "a" and i.find(".//a") is None and (t := render_text(i))]
    if len(texts) != 1 or linked < 2:
        return None
    value = taxonomy.meaningful_section(texts[0], sites)
    return value if value and value.casefold() != headline.casefold().strip() else None


def _declared_sections(value: object) -> list[str]:
    """JSON-LD ``articleSection`` as the channels it lists, in order: a list, or one string that joins
    them with commas, as Yoast writes every category of a post (``game,news,slider``, ``Commercial Real
    Estate,Home Page,Popular``); a channel's own name has no comma."""
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        text = jsonld_text(item)
        if text:
            out.extend(part for part in (p.strip() for p in text.split(",")) if part)
    return out


def _shown_sections(page: Page) -> Iterator[etree._Element]:
    """What the generic section selectors match, then the category links outside chrome: lazily, and
    those only where the page's text holds such a path (their XPath tests every link of the page)."""
    for name in GENERIC_SELECTORS["section"]:
        yield from page.index.select(name)
    source = page.source
    if not source or "/category/" in source or "/kategori/" in source:
        yield from _SECTION_LINKS(page.root)


def _subsection_in_keywords(page: Page, section: str) -> str | None:
    """The subchannel a CMS label in the JSON-LD keywords gives under the declared section:
    ``Celebrity: Hot Gossip`` beside ``articleSection: Celebrity`` gives ``Hot Gossip``."""
    keywords = page.meta.article.get("keywords")
    if isinstance(keywords, str):
        keywords = keywords.split(",")
    if not isinstance(keywords, list):
        return None
    for keyword in keywords:
        labelled = taxonomy.keyword_label(jsonld_text(keyword) or "")
        if labelled and labelled[0].casefold() == section.casefold():
            return taxonomy.meaningful_section(labelled[1], page.sites)
    return None


def _section_in_titles(page: Page, headline: str) -> str | None:
    """A channel the titles name beside the headline: ``Core - Health :: Okezone Lifestyle`` gives
    ``Health``, ``Kapanlagi.com: Musik - Core`` ``Musik``, ``Core - ANTARA News Otomotif``
    ``Otomotif``."""
    head = titles.key(headline)
    for title in (page.meta.title, page.meta.first("og:title")):
        if not title or head not in titles.key(title):
            continue
        for segment in titles.segments(title):
            key = titles.key(segment)
            if not key or key in head or head in key or any(c.isdigit() for c in segment):
                continue
            value = taxonomy.channel_of_site_segment(segment, page.sites)
            if value is None and len(segment.split()) <= 2:
                value = taxonomy.meaningful_section(segment, page.sites)
            if value:
                return value
    return None


def _section_of_link(page: Page, node: etree._Element, headline: str) -> str | None:
    """A channel link's label; a catch-all subchannel ("Umum") gives its parent channel's."""
    value = taxonomy.meaningful_section(render_text(node), page.sites)
    if not value or value.casefold() == headline.casefold():
        return None
    if value.casefold() in taxonomy.CATCH_ALL_SECTIONS:
        parent = next(node.iterancestors("li"), None)
        first = parent.find(".//a") if parent is not None else None
        if first is None or first is node:
            return None
        return taxonomy.meaningful_section(render_text(first), page.sites)
    return value


# A link to the site's front page (relative or absolute, with or without its slash) in a child or a
# grandchild of an element: where a trail beside the headline keeps it, looked for only among the
# headline's nearest ancestors (not over every link of the page)
_HOME_LINK = "a[@href='/' or @href=$home or @href=$home_slash]"
_HOME_LINKS_BELOW = etree.XPath(f"./*/{_HOME_LINK} | ./*/*/{_HOME_LINK}")
TRAIL_LEVELS = 5  # the headline's ancestors a trail's parent or grandparent may be (merdeka's: the 4th)
_CHROME_TAGS = frozenset({"nav", "header", "footer", "aside"})
# what a trail prints between its links ("|" and "·" part a menu's items, not a trail's levels)
_TRAIL_SEPARATORS = frozenset("»›>/→")
_TRAIL_CHARS = " \t\r\n»›>/→"
MAX_TRAIL_LINKS = 6


def _trail_from_home(page: Page, headline: str) -> str | None:
    """A breadcrumb no class names: the front page's link followed by channel links, nothing between them
    but a trail's separators (``Tribunnews.com » Metropolitan » News``, merdeka's ``MERDEKA.COM »
    PERISTIWA``), before the headline and beside it: the trail's parent or grandparent is one of the
    headline's ``TRAIL_LEVELS`` nearest ancestors. A site menu sits further away, in the masthead, and
    parts its items with ``|`` when it prints anything."""
    node = page.headline_node
    if node is None:
        return None
    parts = urlsplit(page.url)
    home = f"{parts.scheme}://{parts.netloc}"
    for level, holder in enumerate(node.iterancestors()):
        if level >= TRAIL_LEVELS or holder.tag == "body":
            break
        for link in _HOME_LINKS_BELOW(holder, home=home, home_slash=home + "/"):
            trail = link.getparent()
            if any(up is trail for up in node.iterancestors()) or not follows(node, trail):
                continue  # around the headline, or after it
            if any(up.tag in _CHROME_TAGS for up in trail.iterancestors()):
                continue
            links = _trail_links(trail)
            if links and links[0] is link:
                value = taxonomy.breadcrumb_section([render_text(a) for a in links[1:]], headline, page.sites)
                if value:
                    return value
    return None


def _trail_links(trail: etree._Element) -> list[etree._Element]:
    """The element's links when it holds 2 to ``MAX_TRAIL_LINKS`` of them and, around them, only
    separators (and inline wrappers of separators); else none."""
    if (trail.text or "").strip(_TRAIL_CHARS):
        return []
    links = []
    for child in trail:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "a":
            links.append(child)
        elif child.tag in ("span", "i", "b", "em", "small") and len(child) == 0:
            if not set("".join(child.itertext()).split()) <= _TRAIL_SEPARATORS:
                return []
        else:
            return []
        if len(links) > MAX_TRAIL_LINKS or (child.tail or "").strip(_TRAIL_CHARS):
            return []
    return links if len(links) >= 2 else []


def _label_above_headline(page: Page) -> str | None:
    """A short channel label (class ``categorylink``, ``kanal``…) among the few elements just
    before the headline or its wrapper."""
    node = page.headline_node
    for anchor in (node, node.getparent() if node is not None else None):
        if anchor is None:
            continue
        for n, before in enumerate(anchor.itersiblings(preceding=True)):
            if n >= 3:
                break
            if isinstance(before.tag, str) and _LABEL_CLASS.search(before.get("class") or ""):
                links = before.findall(".//a")
                if len(links) > 1:  # a channel path ("home / gaya / kesehatan")
                    texts = [render_text(a) for a in links]
                    value = taxonomy.breadcrumb_section(texts, render_text(node), page.sites)
                else:
                    value = taxonomy.meaningful_section(render_text(before), page.sites)
                if value:
                    return value
    return None


def _active_nav(page: Page, headline: str) -> str | None:
    """The navigation item marked active, the deepest one; a catch-all subchannel ("Umum") gives
    its parent channel."""
    found = None
    for el in page.marked.active:
        if el.tag == "a":
            link = el
        elif el.tag == "li" and el.find(".//li") is None:
            link = el.find("a")
        else:
            continue
        if link is not None:
            found = _section_of_link(page, link, headline) or found
    return found


def _in_breadcrumb(node: etree._Element) -> bool:
    return any(names_breadcrumb((up.get("class") or "").lower()) for up in node.iterancestors())


def _holds_headline(page: Page, crumb: etree._Element) -> bool:
    """A "breadcrumb" around the headline is the article under a class that says so (hollywoodreporter's
    ``<article class="… url-breadcrumb">``, whose share links gave the section "EMAIL ME"): a trail
    sits beside the title, not around it."""
    node = page.headline_node
    return node is not None and any(up is crumb for up in node.iterancestors())
