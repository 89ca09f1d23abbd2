"""Prune noise nodes from a body container (on a copy) before its text is read.

Removing an element must not lose the text that follows it in its parent (lxml keeps that text in
the element's ``tail``), so every removal goes through ``drop_node``.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from functools import cache

from cssselect import HTMLTranslator
from lxml import etree

from crawler.extract import noise

_TRANSLATOR = HTMLTranslator()


@cache
def compiled(selector: str) -> etree.XPath:
    """A CSS selector compiled once to an XPath searching the descendants of the context node."""
    return etree.XPath(_TRANSLATOR.css_to_xpath(selector, prefix="descendant-or-self::"))


@cache
def _union(selectors: tuple[str, ...]) -> etree.XPath:
    parts = [_TRANSLATOR.css_to_xpath(s, prefix="descendant::") for s in selectors]
    return etree.XPath(" | ".join(parts))


def drop_node(node: etree._Element) -> None:
    """Remove a node, keeping its tail text in place."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail
    if tail:
        prev = node.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(node)


def _drop_comment_ranges(root: etree._Element) -> None:
    """Drop everything between ``<!--BACA JUGA START-->`` and ``<!--BACA JUGA END-->`` siblings."""
    for start in list(root.iter(etree.Comment)):
        if start.getparent() is None or not noise.RANGE_START.match(start.text or ""):
            continue
        doomed = []
        sib = start.getnext()
        while sib is not None:
            if sib.tag is etree.Comment and noise.RANGE_END.match(sib.text or ""):
                break
            doomed.append(sib)
            sib = sib.getnext()
        start.tail = None  # text between START and the first element is inside the range
        for node in doomed:
            node.tail = None
            drop_node(node)


def _has_noise_attr(node: etree._Element) -> bool:
    cls = node.get("class")
    if cls and noise.is_noise_attr(cls):
        return True
    ident = node.get("id")
    return bool(ident and noise.is_noise_attr(ident))


def pruned_copy(
    container: etree._Element, extra_selectors: Iterable[str] = (), *, class_words: bool = True
) -> etree._Element:
    """A deep copy of ``container`` without scripts, ads, inserts, share/related/comment blocks.

    ``class_words`` also drops nodes whose class/id names a widget; it is meant for a body container,
    not a whole page, where a wrapper such as ``site has-sidebar`` would take the article with it.
    """
    root = copy.deepcopy(container)
    root.tail = None
    _drop_comment_ranges(root)
    selectors = noise.NOISE_SELECTORS + tuple(extra_selectors)
    for node in _union(selectors)(root):
        drop_node(node)
    if class_words:
        for node in [n for n in root.iterdescendants() if isinstance(n.tag, str) and _has_noise_attr(n)]:
            drop_node(node)
    return root
