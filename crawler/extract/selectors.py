"""CSS selectors answered from a one-pass index of the page instead of one tree scan per selector.

Profiles try several selectors per field, most of which do not match the page's theme; as XPath each
of those is a full scan of the tree. Here the page is walked once into class/id/tag indexes and a
selector starts from the few elements that carry its rightmost class (or id, or tag), then checks
the rest of the selector up the ancestors. Compound selectors with descendant (`` ``) and child
(``>``) combinators and attribute tests are handled; anything else (pseudo-classes, ``+``, ``~``,
selector groups) falls back to compiled XPath, so every CSS selector still works.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import cssselect
from cssselect import parser as css
from lxml import etree

from crawler.extract.prune import compiled


@dataclass(frozen=True)
class Compound:
    """One compound selector: ``time.entry-date.published``, ``[rel~='author']``, ``#main``."""

    tag: str | None
    classes: tuple[str, ...]
    ident: str | None
    attrs: tuple[tuple[str, str, str], ...]

    def matches(self, el: etree._Element) -> bool:
        if self.tag is not None and el.tag != self.tag:
            return False
        if self.ident is not None and el.get("id") != self.ident:
            return False
        if self.classes:
            have = (el.get("class") or "").split()
            if any(c not in have for c in self.classes):
                return False
        return all(_attr_ok(el.get(name), op, value) for name, op, value in self.attrs)


def _attr_ok(actual: str | None, op: str, value: str) -> bool:
    if actual is None:
        return False
    if op == "exists":
        return True
    if op == "=":
        return actual == value
    if op == "~=":
        return value in actual.split()
    if op == "^=":
        return bool(value) and actual.startswith(value)
    if op == "$=":
        return bool(value) and actual.endswith(value)
    if op == "*=":
        return bool(value) and value in actual
    if op == "|=":
        return actual == value or actual.startswith(value + "-")
    return False


def _passing(values: list, op: str, value: str) -> list:
    """The attribute values that pass ``op value`` (``_attr_ok`` on each), the usual tests written out
    so that a page's hundreds of class values cost no call each."""
    if op == "*=":
        return [v for v in values if value in v] if value else []
    if op == "~=":
        return [v for v in values if value in v.split()]
    if op == "=":
        return [v for v in values if v == value]
    if op == "exists":
        return list(values)
    return [v for v in values if _attr_ok(v, op, value)]


# A selector as compounds from right to left, each with the combinator linking it to the compound on
# its right (``""`` for the rightmost): ``.a > .b .c`` is ((.c, ""), (.b, " "), (.a, ">")).
Chain = tuple[tuple[Compound, str], ...]


def _compound(node: object, tag: str | None = None) -> Compound | None:
    classes: list[str] = []
    attrs: list[tuple[str, str, str]] = []
    ident = None
    while True:
        if isinstance(node, css.Class):
            classes.append(node.class_name)
            node = node.selector
        elif isinstance(node, css.Hash):
            ident = node.id
            node = node.selector
        elif isinstance(node, css.Attrib):
            if node.namespace:
                return None
            value = node.value.value if node.value is not None else ""
            attrs.append((node.attrib.lower(), node.operator, value))
            node = node.selector
        elif isinstance(node, css.Element):
            if node.namespace:
                return None
            tag = None if node.element in (None, "*") else node.element.lower()
            return Compound(tag, tuple(reversed(classes)), ident, tuple(reversed(attrs)))
        else:
            return None


@cache
def parse_chain(selector: str) -> Chain | None:
    """The selector as a right-to-left chain, or None when it needs the XPath fallback."""
    try:
        groups = cssselect.parse(selector)
    except cssselect.SelectorError as exc:
        raise ValueError(f"bad CSS selector {selector!r}: {exc}") from None
    if len(groups) != 1 or groups[0].pseudo_element:
        return None
    chain: list[tuple[Compound, str]] = []
    node = groups[0].parsed_tree
    link = ""
    while isinstance(node, css.CombinedSelector):
        if node.combinator not in (" ", ">"):
            return None
        right = _compound(node.subselector)
        if right is None:
            return None
        chain.append((right, link))
        link = node.combinator
        node = node.selector
    last = _compound(node)
    if last is None:
        return None
    chain.append((last, link))
    return tuple(chain)


# what a selector needs on a page to match anything: class names, ids, (attribute name, value) pairs
Needs = tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...]]


@cache
def _needs(selector: str) -> Needs:
    """The class names, ids and attribute tests' (name, value) of a selector's compounds, each once: what
    a page must hold for it to match (asked of the page as three loops, not a call per compound). Keyed by
    the selector's text: a chain's own hash reads every field of every compound."""
    chain = parse_chain(selector) or ()
    classes = dict.fromkeys(c for compound, _ in chain for c in compound.classes)
    idents = dict.fromkeys(compound.ident for compound, _ in chain if compound.ident is not None)
    values = dict.fromkeys((name, value) for compound, _ in chain for name, _, value in compound.attrs)
    return tuple(classes), tuple(idents), tuple(values)


# tags a page has few of, each around much of it: a selector's matches start from them (``_plan``)
SCARCE_TAGS = frozenset({"article", "main"})


@dataclass(frozen=True)
class _Plan:
    """How a page index answers one selector, worked out once per selector instead of on every page."""

    chain: Chain
    needs: Needs
    # the compound the matches start from: the rightmost naming an id or a class, else the leftmost when
    # it is a bare ``SCARCE_TAGS`` tag, else the rightmost
    strong: int
    # the anchor's index entries are its matches as they are: one class or one id and nothing else, and
    # no compound left of it to check up the ancestors
    exact: bool
    # per compound, the tag it names when it names nothing else: lxml filters the tree walk under an
    # anchor by that tag in C (``.jb-post__tags a``), without a proxy and a Python test for every element
    bare_tags: tuple[str | None, ...]


@cache
def _plan(selector: str) -> _Plan | None:
    """The selector's plan, or None when it needs the XPath fallback."""
    chain = parse_chain(selector)
    if chain is None:
        return None
    bare_tags = tuple(
        c.tag if c.tag is not None and not c.classes and c.ident is None and not c.attrs else None
        for c, _ in chain
    )
    strong = next((i for i, (c, _) in enumerate(chain) if c.ident is not None or c.classes), None)
    if strong is None:
        # no id or class: from a container on the left when there is one (``article img``: a page has an
        # <article> or two, and dozens of images, each of which would be asked for its ancestors)
        strong = len(chain) - 1 if bare_tags[-1] in SCARCE_TAGS else 0
    anchor = chain[strong][0]
    alone = anchor.tag is None and not anchor.attrs
    exact = strong == len(chain) - 1 and alone and len(anchor.classes) + (anchor.ident is not None) == 1
    return _Plan(chain, _needs(selector), strong, exact, bare_tags)


def _chain_matches(el: etree._Element, chain: Chain, at: int = 0) -> bool:
    """``chain[at]`` already matched ``el``; do the compounds to its left match el's ancestors?"""
    if at + 1 >= len(chain):
        return True
    compound, combinator = chain[at + 1]
    if combinator == ">":
        parent = el.getparent()
        return parent is not None and compound.matches(parent) and _chain_matches(parent, chain, at + 1)
    # a compound naming a tag can only match ancestors of that tag: lxml passes over the others in C,
    # without a proxy and a Python test for each (``article img``: most images have no such ancestor)
    ancestors = el.iterancestors(compound.tag) if compound.tag is not None else el.iterancestors()
    return any(compound.matches(up) and _chain_matches(up, chain, at + 1) for up in ancestors)


def _disjoint(nodes: list[etree._Element], tag: str | None = None) -> bool:
    """No node lies inside another: the subtrees of nodes in document order, read one after the other,
    give their elements once each and in document order (no sort by the position of every element).
    ``tag``: the tag every node has, so that only ancestors of that tag are looked at (by lxml, in C); one
    not among the nodes only makes the answer a cautious False."""
    if tag is not None:
        return all(next(node.iterancestors(tag), None) is None for node in nodes)
    inside = set(nodes)
    return not any(up in inside for node in nodes for up in node.iterancestors())


def wanted_names(selectors: Iterable[str]) -> tuple[frozenset[str], frozenset[str]]:
    """The class names and ids a set of selectors can ask for (what a page index must cover)."""
    classes: set[str] = set()
    ids: set[str] = set()
    for selector in selectors:
        for compound, _ in parse_chain(selector) or ():
            classes.update(compound.classes)
            if compound.ident is not None:
                ids.add(compound.ident)
    return frozenset(classes), frozenset(ids)


# every class/id attribute value of a page; each value knows its element (``getparent()``)
# (``//*/@class``, not ``//@class``: the same values, ~20% quicker, libxml2 skipping the attribute step on
# the text and comment nodes; likewise ``//body/descendant::x`` for ``//body//x`` throughout the package)
_CLASS_VALUES = etree.XPath("//*/@class")
_ID_VALUES = etree.XPath("//*/@id")


_BY_CLASS = etree.XPath("/descendant::*[contains(@class, $name)]")
_BY_ID = etree.XPath("/descendant::*[@id = $name]")
_ATTR_NAME = re.compile(r"^[A-Za-z_][\w.-]*$")
_PLAIN_VALUE = re.compile(r"^[A-Za-z0-9_-]+$")


@cache
def _attr_values_xpath(name: str) -> etree.XPath:
    """Every value of the attribute ``name`` in the document, in page order (each knows its element)."""
    if _ATTR_NAME.match(name):
        return etree.XPath(f"//*/@{name}")
    return etree.XPath(f"//*/@*[local-name() = {name!r}]")


_JOIN = "\x00"  # no attribute value holds a NUL (libxml2's strings end at the first)


def holding(values: list, words: Iterable[str], *, lower: bool = False) -> list:
    """The attribute ``values`` that hold one of ``words`` (``lower``: once lower-cased), in page order:
    each word found by ``str.find`` in the values joined, not a Python test of each value (a page has
    hundreds of class values, a few holding the words looked for; a regular expression alternation
    costs tens of instructions a character, ``find`` about one)."""
    joined = _JOIN.join(values)
    text = joined.lower() if lower else joined
    if len(text) != len(joined):  # a letter lower-cased to two ('İ'): positions no longer line up
        return [v for v in values if any(word in v.lower() for word in words)]
    starts = []
    for word in words:
        at = text.find(word)
        while at != -1:
            starts.append(at)
            at = text.find(word, at + 1)
    found = []
    index = pos = 0  # ``pos``: where ``values[index]`` starts in ``joined``
    for at in sorted(starts):
        if at < pos:
            continue  # the value holds an earlier word already
        index += joined.count(_JOIN, pos, at)
        found.append(values[index])
        pos = joined.find(_JOIN, at) + 1 or len(joined)  # on at the next value
        index += 1
    return found


# class attribute value -> (the wanted class names it was looked up for, those of them it holds)
_CLASS_HITS: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
CLASS_HITS_MAX = 8192  # distinct class strings kept (a theme has a few hundred); then started afresh


def _class_hits(value: str, classes: frozenset[str], hits: dict) -> frozenset[str]:
    """The names of ``classes`` that the class attribute ``value`` holds, kept in ``hits``. In the
    process-wide ``_CLASS_HITS`` the key is a plain copy: lxml's string would keep its element, and so
    its whole page, alive."""
    hit = classes.intersection(value.split())
    if hits is _CLASS_HITS:
        if len(hits) >= CLASS_HITS_MAX:
            hits.clear()
        value = str(value)
    hits[value] = (classes, hit)
    return hit


@cache
def _looked_up(wanted: frozenset[str], listed: frozenset[str]) -> frozenset[str]:
    """The class names a page index looks for: one set (its identity keys ``_CLASS_HITS``) per pair."""
    return wanted | listed if listed else wanted


class PageIndex:
    """Where the classes and ids that selectors ask for sit on one page, in document order.

    Built from one pass over the page's class and id values for the names the portal's selectors use
    (``wanted``); a name outside that set is looked up on demand. Creating a Python object for every
    element of the page costs more than the lookups themselves, so only matching elements are touched.
    Class and id values are each read by their own XPath when first asked for (one union of both, split
    by attribute name, measured ~10% slower on the AEB pages).
    """

    def __init__(
        self,
        root: etree._Element,
        wanted: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
        source: str | None = None,
        remember: bool = False,
        listed: frozenset[str] = frozenset(),
    ) -> None:
        """``remember``: keep each class string's lookup for the next page (a portal's pages, one theme);
        a page of an unknown site looks them up for itself (kept, they would only crowd the cache).
        ``listed``: class names looked for in the same pass whose values are only listed (``class_hits``),
        their elements not indexed."""
        self.root = root
        self._source = source  # the page's HTML text: an attribute value absent from it needs no scan
        self._values: dict[str, bool] = {}
        self._joined: dict[str, str] = {}  # an attribute's values joined by NUL, for ``could_hold``
        self._could: dict[tuple[str, str], bool] = {}  # ``could_hold``'s answers
        self.by_class: dict[str, list[etree._Element]] = {c: [] for c in wanted[0]}
        self.by_id: dict[str, list[etree._Element]] = {i: [] for i in wanted[1]}
        self._by_tag: dict[str, list[etree._Element]] = {}
        self._attr_values: dict[str, list] = {}
        self._by_attr: dict[tuple[str, str, str], list[etree._Element]] = {}
        self._selected: dict[str, list[etree._Element]] = {}
        self._elements: list[etree._Element] | None = None
        self._position: dict[etree._Element, int] | None = None
        classes, ids = wanted
        self._class_values: list | None = None
        self._id_values: list | None = None
        # the class values holding a wanted or listed name, in page order: a reader looking for listed
        # names (the noise classes the generic finder prunes) reads these few instead of every value
        self.class_hits: list = []
        if classes or listed:
            self._index_classes(_looked_up(classes, listed), remember)
        if ids:
            for value in self.id_values:
                if value in ids:
                    self.by_id[str(value)].append(value.getparent())

    def _index_classes(self, names: frozenset[str], remember: bool) -> None:
        """``by_class`` and ``class_hits`` from one pass over the class values. A theme repeats its class
        strings, within a page and from page to page: each distinct string is split and looked up once
        (per process with ``remember``, ``_class_hits``)."""
        by_class = self.by_class
        hits: dict[str, tuple[frozenset[str], frozenset[str]]] = _CLASS_HITS if remember else {}
        values = self.class_values if remember else self._holding_names(names)
        for value in values:
            known = hits.get(value)
            hit = known[1] if known is not None and known[0] is names else _class_hits(value, names, hits)
            if hit:
                self.class_hits.append(value)
                el = None
                for name in hit:
                    found = by_class.get(name)  # None: a listed name only
                    if found is not None:
                        if el is None:
                            el = value.getparent()
                        found.append(el)

    def _holding_names(self, names: frozenset[str]) -> list:
        """The class values that may hold one of ``names``: the names the values hold as words, from one
        split of them all joined, then the values holding one of those (as a substring: a superset). A
        page of an unknown site splits each of its distinct values once otherwise; a theme's pages find
        theirs in ``_CLASS_HITS``, a lookup each, less than this."""
        values = self.class_values
        present = names.intersection(" ".join(values).split())
        return holding(values, present) if present else []

    @property
    def class_values(self) -> list:
        """Every ``class`` attribute value of the page, in page order (``.getparent()`` is its element),
        from the pass already made: for rules that look for words inside class names."""
        if self._class_values is None:
            self._class_values = _CLASS_VALUES(self.root)
        return self._class_values

    @property
    def id_values(self) -> list:
        """Every ``id`` attribute value of the page, in page order, from one pass (as ``class_values``)."""
        if self._id_values is None:
            self._id_values = _ID_VALUES(self.root)
        return self._id_values

    def with_class(self, name: str) -> list[etree._Element]:
        if name not in self.by_class:
            self.by_class[name] = [
                el for el in _BY_CLASS(self.root, name=name) if name in el.get("class").split()
            ]
        return self.by_class[name]

    def with_id(self, ident: str) -> list[etree._Element]:
        if ident not in self.by_id:
            self.by_id[ident] = _BY_ID(self.root, name=ident)
        return self.by_id[ident]

    def with_tag(self, tag: str) -> list[etree._Element]:
        if tag not in self._by_tag:
            self._by_tag[tag] = list(self.root.iter(tag))
        return self._by_tag[tag]

    def attr_values(self, name: str) -> list:
        """Every value of the attribute ``name`` on the page, in page order (``.getparent()`` is its
        element): ``class`` and ``id`` from their one pass, any other name from one scan of its own."""
        if name == "class":
            return self.class_values
        if name == "id":
            return self.id_values
        if name not in self._attr_values:
            # one XPath walk of the tree in C: it costs less than asking the page's text whether the name
            # is in it at all (a search of the whole text, then of a lowered copy for a name in capitals)
            self._attr_values[name] = _attr_values_xpath(name)(self.root)
        return self._attr_values[name]

    def with_attr(self, name: str, op: str = "exists", value: str = "") -> list[etree._Element]:
        """The elements whose attribute ``name`` passes ``op value`` (a CSS attribute test), in page
        order: the values are tested as strings, and only the elements of those that pass are taken."""
        key = (name, op, value)
        found = self._by_attr.get(key)
        if found is None:
            found = self._by_attr[key] = [v.getparent() for v in _passing(self.attr_values(name), op, value)]
        return found

    @property
    def elements(self) -> list[etree._Element]:
        if self._elements is None:
            self._elements = list(self.root.iter(etree.Element))
        return self._elements

    def _candidates(self, compound: Compound) -> list[etree._Element]:
        if compound.ident is not None:
            return self.with_id(compound.ident)
        if len(compound.classes) == 1:
            return self.with_class(compound.classes[0])
        if compound.classes:
            return min((self.with_class(c) for c in compound.classes), key=len)
        if compound.tag is not None:
            return self.with_tag(compound.tag)
        if compound.attrs:
            return self.with_attr(*compound.attrs[0])
        return self.elements

    def select(self, selector: str) -> list[etree._Element]:
        """Every element matching ``selector``, in document order. Kept per selector: the body and
        layout probes, the field readers and the drift check (``profile_misses``) ask for the same
        ones; callers never change the list they get."""
        found = self._selected.get(selector)
        if found is None:
            found = self._selected[selector] = self._select(selector)
        return found

    def _select(self, selector: str) -> list[etree._Element]:
        plan = _plan(selector)
        if plan is None:
            return compiled(selector)(self.root)
        if not self._could_exist(plan.needs):
            return []  # a class or id the selector needs is nowhere on the page
        chain, strong = plan.chain, plan.strong
        anchor = chain[strong][0]
        candidates = self._candidates(anchor)
        if plan.exact:
            found = list(candidates)
        else:
            found = [el for el in candidates if anchor.matches(el) and _chain_matches(el, chain, strong)]
        # from the anchors (``.jeg_meta_author``) walk down to the weak compounds on their right (``a``)
        for i in range(strong - 1, -1, -1):
            compound, combinator, tag = chain[i][0], chain[i + 1][1], plan.bare_tags[i]
            wanted = etree.Element if tag is None else tag
            below = []
            for el in found:
                nodes = el.iterchildren(wanted) if combinator == ">" else el.iterdescendants(wanted)
                below.extend(nodes if tag is not None else (n for n in nodes if compound.matches(n)))
            if len(found) > 1 and not _disjoint(found, plan.bare_tags[i + 1]):
                below = self._in_order(below)
            found = below
        return found

    def _could_exist(self, needs: Needs) -> bool:
        """Whether every class, id and attribute value a selector needs is on the page."""
        classes, idents, values = needs
        by_class = self.by_class
        for name in classes:
            found = by_class.get(name)
            if not (found if found is not None else self.with_class(name)):
                return False
        for ident in idents:
            if not self.with_id(ident):
                return False
        return all(self.could_hold(name, value) for name, value in values)

    def could_hold(self, name: str, value: str) -> bool:
        """False when no value of the attribute ``name`` can pass a test against ``value`` (every CSS
        attribute test needs ``value`` inside the attribute's value, case-sensitively): told by the values
        themselves once read (a few kilobytes: ``[rel~='category']`` after ``[rel~='author']``), else by
        the page's text, so that the attribute scan is skipped (a search of the whole page each)."""
        if not value:
            return True
        known = self._could.get((name, value))
        if known is None:
            known = self._could[name, value] = self._could_hold(name, value)
        return known

    def _could_hold(self, name: str, value: str) -> bool:
        joined = self._joined.get(name)
        if joined is None and self._values_read(name):
            joined = self._joined[name] = _JOIN.join(self.attr_values(name))
        if joined is not None:
            return value in joined
        return self._value_on_page(value)

    def _values_read(self, name: str) -> bool:
        """Whether the values of the attribute ``name`` are at hand already (no scan to make)."""
        if name == "class":
            return self._class_values is not None
        if name == "id":
            return self._id_values is not None
        return name in self._attr_values

    def _value_on_page(self, value: str) -> bool:
        """False when an attribute value the selector needs (``dateModified``) is nowhere in the page's
        text: values match case-sensitively, so the attribute scan is skipped. Only plain ASCII words
        are ruled out this way (a value with ``&`` or non-ASCII letters may be written as an entity).
        """
        if self._source is None or not _PLAIN_VALUE.match(value):
            return True
        known = self._values.get(value)
        if known is None:
            known = self._values[value] = value in self._source
        return known

    def _in_order(self, nodes: list[etree._Element]) -> list[etree._Element]:
        """Nodes without duplicates (nested anchors reach the same node twice), in document order."""
        if self._position is None:
            self._position = {el: i for i, el in enumerate(self.elements)}
        return sorted(set(nodes), key=self._position.__getitem__)

    def first_match(self, selectors: tuple[str, ...] | list[str]) -> list[etree._Element]:
        """The matches of the first selector that matches anything."""
        for selector in selectors:
            found = self.select(selector)
            if found:
                return found
        return []
