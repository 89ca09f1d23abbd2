"""Noise nodes: skipped while a body container is rendered, or pruned from a fresh parse.

Removing an element must not lose the text that follows it in its parent (lxml keeps that text in
the element's ``tail``), so every removal goes through ``drop_node``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

from cssselect import HTMLTranslator
from lxml import etree

from crawler.extract import noise
from crawler.vocabulary import NOISE_ID_PREFIXES, NOISE_IDS, RANGE_END, RANGE_START

_TRANSLATOR = HTMLTranslator()
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


@cache
def compiled(selector: str) -> etree.XPath:
    """A CSS selector compiled once to an XPath searching the descendants of the context node."""
    return etree.XPath(_TRANSLATOR.css_to_xpath(selector, prefix="descendant-or-self::"))


def drop_node(node: etree._Element) -> None:
    """Remove a node, keeping its tail text in place."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail
    if tail:
        # lxml keeps C0 controls from the parse but refuses them on assignment
        prev = node.getprevious()
        if prev is not None:
            prev.tail = _CONTROLS.sub("", (prev.tail or "") + tail)
        else:
            parent.text = _CONTROLS.sub("", (parent.text or "") + tail)
    parent.remove(node)


def _drop_comment_ranges(root: etree._Element) -> None:
    """Drop everything between ``<!--BACA JUGA START-->`` and ``<!--BACA JUGA END-->`` siblings."""
    for start in list(root.iter(etree.Comment)):
        if start.getparent() is None or not RANGE_START.match(start.text or ""):
            continue
        doomed = []
        sib = start.getnext()
        while sib is not None:
            if sib.tag is etree.Comment and RANGE_END.match(sib.text or ""):
                break
            doomed.append(sib)
            sib = sib.getnext()
        start.tail = None  # text between START and the first element is inside the range
        for node in doomed:
            node.tail = None
            drop_node(node)


class NoiseFilter:
    """Says, node by node, what is never body text: noise tags, classes, ids (``noise.py``), widget
    words in class/id values, and the nodes a profile's own noise selectors matched (``extra``).

    Used while rendering a profile's body container: the node is skipped, nothing is mutated.
    """

    def __init__(self, extra: Iterable[etree._Element] = (), *, class_words: bool = True) -> None:
        self.extra = set(extra)
        self.class_words = class_words

    def __call__(self, node: etree._Element) -> bool:
        if node.tag in noise.NOISE_TAGS:
            return True
        cls = node.get("class")
        if cls and (noise.has_noise_class(cls) or (self.class_words and noise.is_noise_attr(cls))):
            return True
        ident = node.get("id")
        if ident and (
            ident in NOISE_IDS
            or ident.startswith(NOISE_ID_PREFIXES)
            or (self.class_words and noise.is_noise_attr(ident))
        ):
            return True
        return bool(self.extra) and node in self.extra


_CLASS_VALUES = etree.XPath("descendant::*/@class")
_ID_VALUES = etree.XPath("descendant::*/@id")


def prune_in_place(
    root: etree._Element, extra_selectors: Iterable[str] = (), *, class_words: bool = True
) -> etree._Element:
    """Remove noise under ``root`` from a tree the caller owns (a fresh parse made for this).

    Finds the noise without visiting every element from Python: tags through lxml's filtered
    iteration, classes and ids through their attribute values (each knows its element).
    """
    _drop_comment_ranges(root)
    doomed = [node for node in root.iterdescendants(*noise.NOISE_TAGS)]
    for value in _CLASS_VALUES(root):
        if noise.has_noise_class(value) or (class_words and noise.is_noise_attr(value)):
            doomed.append(value.getparent())
    for value in _ID_VALUES(root):
        if (
            value in NOISE_IDS
            or value.startswith(NOISE_ID_PREFIXES)
            or (class_words and noise.is_noise_attr(value))
        ):
            doomed.append(value.getparent())
    doomed += [node for selector in extra_selectors for node in compiled(selector)(root)]
    for node in doomed:
        if node is not root:
            drop_node(node)
    return root
