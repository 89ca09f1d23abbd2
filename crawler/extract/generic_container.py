"""Choosing the element that holds the article: the most prose and the least of everything else."""

from __future__ import annotations

import re
from operator import itemgetter

from crawler.extract.generic_furniture import inside_furniture, is_furniture
from crawler.extract.generic_text import PARAGRAPH_TAGS, Element, Paragraph

# What a character of link text outside prose, and of other short text, costs against one of prose.
LINK_COST = 1.0
SHORT_TEXT_COST = 0.1
# A container inside furniture (a long comment, a sidebar glossary) loses to one outside with this share of
# its gain (0.3 let okezone 2020's glossary widget, 3.4 times the story's gain, take its place).
FURNITURE_ESCAPE_SHARE = 0.2
# Prose counts a little less for each level it sits below an element, so that of two elements holding
# the same article the tighter one wins, and a page of several stories does not elect their wrapper.
LEVEL_DECAY = 0.9
# Leaving an <article> costs more: above it, prose belongs to a page of several stories (teasers,
# the next story of an endless scroll), not to the one story.
STORY_EXIT_DECAY = 0.2
# A teaser (the one prose paragraph of a card headed by a link) counts this much of its prose.
TEASER_WEIGHT = 0.2
TEASER_MAX_CHARS = 300
# Blocks styled like the winner (same tag and class) join it when they hold this share of its gain and
# meet it within this many levels; only a class that names text (not layout such as ``l-container``
# or ``col-md-8``) marks article parts.
SIBLING_MIN_SHARE = 0.25
SIBLING_SEARCH_LEVELS = 12
_GAIN = itemgetter(1)  # of an (element, gain) item
_TEXT_CLASS = re.compile(r"content|body|text|article|entry|story|prose|paragraph", re.IGNORECASE)


def container_gains(paragraphs: list[Paragraph]) -> dict[Element, float]:
    """Every element's prose characters minus the weighted count of all its other characters.

    Prose counts as noise for an element when a furniture element (comments, sidebar…) lies between
    the prose and that element, the element included; furniture further up (a page wrapper with
    a class like ``has-sidebar``) does not matter to it.
    """
    gains: dict[Element, float] = {}
    furniture_of: dict[Element, bool] = {}
    teasers = _teasers(paragraphs)
    for paragraph in paragraphs:
        size = len(paragraph.text)
        bad = -(LINK_COST * paragraph.link_chars + SHORT_TEXT_COST * (size - paragraph.link_chars))
        if paragraph.prose:
            good = float(size - paragraph.link_chars)
            if id(paragraph) in teasers:
                good *= TEASER_WEIGHT
        elif paragraph.kind == "h" and paragraph.link_chars * 2 <= size:
            good = 0.0  # a heading of the text itself; a linked one is another story's title
        else:
            good = bad
        crossed = False
        el = paragraph.owner
        while el is not None:
            if not crossed:
                flag = furniture_of.get(el)
                if flag is None:
                    flag = furniture_of[el] = is_furniture(el)
                crossed = flag
            gains[el] = gains.get(el, 0.0) + (bad if crossed else good)
            if good > 0:
                good *= STORY_EXIT_DECAY if el.tag == "article" else LEVEL_DECAY
            el = el.getparent()
    return gains


def _teasers(paragraphs: list[Paragraph]) -> set[int]:
    """Short prose paragraphs, each the only prose of a card headed by a link: other stories' summaries.

    The card is the block around the paragraph (its parent when the paragraph is a <p> or <li>).
    """
    cards: dict[Element, list[Paragraph]] = {}
    for paragraph in paragraphs:
        owner = paragraph.owner
        card = owner.getparent() if owner.tag in PARAGRAPH_TAGS else owner
        if card is not None:
            cards.setdefault(card, []).append(paragraph)
    teasers: set[int] = set()
    for members in cards.values():
        prose = [p for p in members if p.prose]
        if (
            len(prose) == 1
            and len(prose[0].text) <= TEASER_MAX_CHARS
            and any(not p.prose and p.link_chars * 2 > len(p.text) for p in members)
        ):
            teasers.add(id(prose[0]))
    return teasers


def best_container(paragraphs: list[Paragraph]) -> tuple[Element | None, dict[Element, float]]:
    """The element with the highest gain (see container_gains), or None when nothing gains.

    When the winner sits inside furniture (the longest comment of a thread), the best element outside
    furniture wins instead if it is not much weaker; a page whose wrapper carries a furniture-like
    class keeps its winner because nothing outside competes.
    """
    gains = container_gains(paragraphs)
    # the highest gain, the first of equal ones (what a stable sort by gain puts first)
    best, best_gain = max(gains.items(), key=_GAIN, default=(None, 0.0))
    if best is None or best_gain <= 0:
        return None, gains
    if inside_furniture(best):
        ranked = sorted((item for item in gains.items() if item[1] > 0), key=_GAIN, reverse=True)
        for el, gain in ranked[1:]:
            if gain < FURNITURE_ESCAPE_SHARE * best_gain:
                break
            if not inside_furniture(el):
                best = el
                break
    # one paragraph is not a container: its siblings belong to the same text
    while best.tag in PARAGRAPH_TAGS and best.getparent() is not None:
        best = best.getparent()
    return _with_bare_lead(best, paragraphs, gains), gains


def _with_bare_lead(best: Element, paragraphs: list[Paragraph], gains: dict[Element, float]) -> Element:
    """The winner's parent when that parent holds prose as bare text of its own and loses nothing
    to other content (its gain is at least the winner's, decayed one level): an article whose first
    paragraph is typed straight into the body element and the rest wrapped in a ``<div>`` (antara
    2016: ``<div id="content_news">Bandarlampung (ANTARA News) - Petugas … <div>"Dari kasus …``).
    A wrapper of page parts holds elements, not running text, so it does not climb."""
    parent = best.getparent()
    if parent is None or parent.tag in ("body", "html"):
        return best
    if gains.get(parent, 0.0) < LEVEL_DECAY * gains.get(best, 0.0):
        return best
    if any(p.owner is parent and p.prose for p in paragraphs):
        return parent
    return best


def sibling_parts(best: Element, gains: dict[Element, float]) -> list[Element]:
    """All blocks styled like the winner near it: an article cut into sections by figures or ads.

    Other elements with the winner's tag and class count when they hold a fair share of its gain,
    sit within SIBLING_SEARCH_LEVELS levels of it and are not inside furniture (a comment styled
    like the article). Parts come back in page order.
    """
    css_class = best.get("class")
    best_gain = gains.get(best, 0.0)
    if not css_class or best_gain <= 0 or not _TEXT_CLASS.search(css_class):
        return [best]
    candidates = [
        el
        for el, gain in gains.items()
        if el is not best
        and el.tag == best.tag
        and gain >= SIBLING_MIN_SHARE * best_gain
        and el.get("class") == css_class
    ]
    if not candidates:
        return [best]
    near = {up: level for level, up in enumerate(best.iterancestors()) if level < SIBLING_SEARCH_LEVELS}
    parts = [best]
    for el in candidates:
        meeting = next((up for up in el.iterancestors() if up in near), None)
        if meeting is not None and meeting.tag not in ("body", "html") and not inside_furniture(el):
            parts.append(el)
    if len(parts) == 1:
        return parts
    outermost = [el for el in parts if not any(up in parts for up in el.iterancestors())]
    order = {el: index for index, el in enumerate(best.getroottree().getroot().iter())}
    return sorted(outermost, key=order.__getitem__)
