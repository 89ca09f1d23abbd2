"""Noise nodes: skipped while a body container is rendered, or pruned from the page's tree for as long
as the generic finder reads it (``prune_for_a_while``, undone after) or from a tree the caller owns.

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
from crawler.vocabulary import NOISE_CLASSES, NOISE_ID_PREFIXES, NOISE_IDS, RANGE_END, RANGE_START

_TRANSLATOR = HTMLTranslator()
# what lxml keeps from the parse but refuses on assignment: C0 controls, U+FFFE and U+FFFF
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


@cache
def compiled(selector: str) -> etree.XPath:
    """A CSS selector compiled once to an XPath searching the descendants of the context node."""
    return etree.XPath(_TRANSLATOR.css_to_xpath(selector, prefix="descendant-or-self::"))


class Irreversible(Exception):
    """A text the prune would overwrite holds what lxml refuses on assignment: it could not be put back."""


class _Edits:
    """The changes a prune makes to a tree; with ``undoable`` they are logged, so that ``undo`` puts the
    tree back as it was (every node the same object, every text the same)."""

    def __init__(self, undoable: bool = False) -> None:
        self.log: list[tuple] | None = [] if undoable else None

    def set_tail(self, node: etree._Element, value: str | None) -> None:
        if self.log is not None:
            self.log.append((_TAIL, node, self._kept(node.tail)))
        node.tail = value

    def set_text(self, node: etree._Element, value: str | None) -> None:
        if self.log is not None:
            self.log.append((_TEXT, node, self._kept(node.text)))
        node.text = value

    def remove(self, parent: etree._Element, node: etree._Element) -> None:
        if self.log is not None:
            self.log.append((_REMOVE, node, parent, parent.index(node)))
        parent.remove(node)  # lxml moves the node's tail with it (``drop_node`` copied it already)

    @staticmethod
    def _kept(old: str | None) -> str | None:
        if old and _CONTROLS.search(old):
            raise Irreversible
        return old

    def undo(self) -> None:
        """Every change taken back, last first."""
        for step in reversed(self.log or ()):
            if step[0] is _REMOVE:
                step[2].insert(step[3], step[1])
            elif step[0] is _TAIL:
                step[1].tail = step[2]
            else:
                step[1].text = step[2]
        self.log = []


_TAIL, _TEXT, _REMOVE = "tail", "text", "remove"


def drop_node(node: etree._Element, edits: _Edits | None = None) -> None:
    """Remove a node, keeping its tail text in place."""
    edits = edits or _Edits()
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail
    if tail:
        # lxml keeps C0 controls from the parse but refuses them on assignment
        prev = node.getprevious()
        if prev is not None:
            edits.set_tail(prev, _CONTROLS.sub("", (prev.tail or "") + tail))
        else:
            edits.set_text(parent, _CONTROLS.sub("", (parent.text or "") + tail))
    edits.remove(parent, node)


def _drop_comment_ranges(root: etree._Element, edits: _Edits, comments: list | None = None) -> None:
    """Drop everything between ``<!--BACA JUGA START-->`` and ``<!--BACA JUGA END-->`` siblings.
    ``comments``: the comments under ``root`` when already found."""
    for start in list(root.iter(etree.Comment)) if comments is None else comments:
        if start.getparent() is None or not RANGE_START.match(start.text or ""):
            continue
        doomed = []
        sib = start.getnext()
        while sib is not None:
            if sib.tag is etree.Comment and RANGE_END.match(sib.text or ""):
                break
            doomed.append(sib)
            sib = sib.getnext()
        edits.set_tail(start, None)  # text between START and the first element is inside the range
        for node in doomed:
            edits.set_tail(node, None)
            drop_node(node, edits)


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
    edits = _Edits()
    comments, tagged = _comments_and_noise_tags(root)
    _drop_comment_ranges(root, edits, comments)
    doomed = _doomed(
        root, tagged, _CLASS_VALUES(root), _ID_VALUES(root), extra_selectors, class_words, inside=False
    )
    for node in doomed:
        if node is not root:
            drop_node(node, edits)
    return root


def prune_for_a_while(
    root: etree._Element, class_values: list, id_values: list, extra_selectors: Iterable[str] = ()
) -> _Edits:
    """``prune_in_place(root, extra_selectors, class_words=False)`` on the page's own tree, undone by the
    returned edits' ``undo()``: no copy of the tree to make and free. ``id_values`` are every ``id``
    value of the document and ``class_values`` its ``class`` values, or only those holding a noise class
    among others (``PageIndex.class_hits``), in page order (the page index's pass); those outside
    ``root`` are passed over. Raises ``Irreversible`` (the tree then put back already) where a text it
    would overwrite could not be put back: the caller prunes a copy instead."""
    edits = _Edits(undoable=True)
    try:
        comments, tagged = _comments_and_noise_tags(root)
        _drop_comment_ranges(root, edits, comments)
        for node in _doomed(root, tagged, class_values, id_values, extra_selectors, False, inside=True):
            if node is not root:
                drop_node(node, edits)
    except Irreversible:
        edits.undo()
        raise
    return edits


def _comments_and_noise_tags(root: etree._Element) -> tuple[list, list]:
    """The comments under ``root`` and its descendants with a noise tag, in one walk of the tree. The
    tags are found before the comment ranges go: those inside a range then leave it again (harmless:
    the range is out of the tree already), as those found after would not."""
    comments, tagged = [], []
    for node in root.iter(etree.Comment, *noise.NOISE_TAGS):
        if node.tag is etree.Comment:
            comments.append(node)
        elif node is not root:
            tagged.append(node)
    return comments, tagged


def _doomed(
    root: etree._Element,
    tagged: list,
    class_values: list,
    id_values: list,
    extra_selectors: Iterable[str],
    class_words: bool,
    *,
    inside: bool,
) -> list[etree._Element]:
    """The noise under ``root``, in the order it is dropped: tags, classes, ids, the profile's selectors.
    ``inside``: the values are the whole document's, and only elements below ``root`` count."""
    doomed = list(tagged)
    hits = []
    # most pages carry none of the noise classes: one set of every class word tells, before any value
    # is looked at (a cache of values only helps a site seen again)
    if class_words or not NOISE_CLASSES.isdisjoint(" ".join(class_values).split()):
        for value in class_values:
            if noise.has_noise_class(value) or (class_words and noise.is_noise_attr(value)):
                hits.append(value.getparent())
    for value in id_values:
        if (
            value in NOISE_IDS
            or value.startswith(NOISE_ID_PREFIXES)
            or (class_words and noise.is_noise_attr(value))
        ):
            hits.append(value.getparent())
    if inside:
        hits = [node for node in hits if any(up is root for up in node.iterancestors())]
    doomed += hits
    doomed += [node for selector in extra_selectors for node in compiled(selector)(root)]
    return doomed
