"""Decode and parse a page once; everything else reads the same lxml tree.

Bad input never raises here: an empty or unparseable page gives ``None`` and the caller returns an
empty, non-article item that the validation pipeline drops and counts.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from lxml import etree
from w3lib.encoding import html_to_unicode

_XML_DECL = re.compile(r"\s*<\?xml[^>]*\?>", re.IGNORECASE)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def mend_surrogates(text: str) -> str:
    """``text`` with each lone surrogate (no UTF-8 form: a str decoded with ``surrogateescape``, half of a
    JSON-escaped emoji) as U+FFFD, as undecodable bytes are."""
    return _LONE_SURROGATE.sub("\ufffd", text)


def _without_xml_declaration(text: str) -> str:
    """The text without a leading ``<?xml …?>`` (lxml refuses one in a str). ``match``, not ``sub``:
    a substitution tries the pattern at every position of the page, ``^`` or not."""
    m = _XML_DECL.match(text)
    return text[m.end() :] if m else text


_WIDE_LABELS = ("utf-16", "utf16", "utf-32", "utf32")  # a label's start: utf-16-le, utf_32_be, ...
_WIDE_BOMS = (b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")


def single_byte_reading(label: str | None, body: bytes) -> str | None:
    """The encoding to read ``body`` in when it is labelled UTF-16 or UTF-32 (by a ``<meta>`` or a header)
    but is no such text: no BOM, and no NUL byte in its first 2 KB, where every ASCII character of such a
    text would hold one. ``utf-8`` when it is valid UTF-8, else ``cp1252``, as browsers read a page whose
    ``<meta>`` says UTF-16 (the HTML standard: a page that could declare its encoding in ASCII is not
    UTF-16). None: the label stands."""
    wide = (label or "").strip().lower().replace("_", "-").startswith(_WIDE_LABELS)
    if not wide or body.startswith(_WIDE_BOMS) or b"\x00" in body[:2048]:
        return None
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8"


def decode(html: str | bytes, encoding: str | None = None) -> str:
    """The page as text: the given encoding, else BOM / ``<meta charset>`` / UTF-8 sniffing (a UTF-16 or
    UTF-32 label on single-byte text read as ``single_byte_reading`` says)."""
    if isinstance(html, str):
        return html
    if not isinstance(html, bytes | bytearray):
        raise TypeError(f"html must be str or bytes, got {type(html).__name__}")
    body = bytes(html)
    if encoding:
        try:
            return body.decode(single_byte_reading(encoding, body) or encoding, errors="replace")
        except LookupError:
            pass
    found, text = html_to_unicode(None, body)
    if (reading := single_byte_reading(found, body)) is not None:
        return body.decode(reading, errors="replace")
    return text


def cut_markup(text: str, max_tags: int) -> tuple[str, bool]:
    """The page up to its ``max_tags``-th tag, and whether anything was cut (``max_tags`` 0: no limit).

    A parsed tree costs about a kilobyte per element, whatever the element holds, so a page of a million
    empty ``<p>`` tags (4 MB) would take over a gigabyte; real article pages have a few thousand tags.
    The parser closes whatever the cut leaves open, so the page's head and the start of its body are
    read as usual.
    """
    if max_tags <= 0 or text.count("<") <= max_tags:
        return text, False
    end = -1
    for _ in range(max_tags + 1):
        end = text.find("<", end + 1)
    return text[:end], True


# collect_ids=False: no id hash table (nothing here calls id() or getElementById; ids go by XPath).
# huge_tree=True: libxml2 follows elements nested up to 2048 levels deep instead of 256, and stops there.
# A theme that leaves a tag open in a loop (a ``<div>`` per menu entry or comment) passes 256 levels
# easily; libxml2 then stops and drops the rest of the page, the article with it, where a browser shows
# it whole. The page's size is bounded before it gets here (``DOWNLOAD_MAXSIZE``, ``cut_markup``).
# The page is parsed from its UTF-8 bytes, in the parser's own encoding, not one the page declares.
_UTF8_PARSER = etree.HTMLParser(
    remove_comments=False, remove_pis=True, collect_ids=False, huge_tree=True, encoding="utf-8"
)
_RESOURCE_LIMIT = etree.ErrorTypes.ERR_RESOURCE_LIMIT


class Parsed(NamedTuple):
    """A parsed page: its root (None when there is no markup to read), and whether libxml2 stopped at
    a limit, so that what came after was not read: with the page's size bounded, elements nested past
    2048 levels (the one resource limit left to reach)."""

    root: etree._Element | None
    too_deep: bool = False


def parse(text: str, utf8: bytes | None = None) -> etree._Element | None:
    """The document root, or None when there is no markup to read (``parse_page(...).root``)."""
    return parse_page(text, utf8).root


def parse_page(text: str, utf8: bytes | None = None) -> Parsed:
    """The page parsed. ``utf8``: the text's UTF-8 bytes when the caller has them already.

    A plain lxml tree, not ``lxml.html``: its element proxies cost a Python call each, and the
    profile path touches hundreds of elements per page.
    """
    bare = _without_xml_declaration(text)
    if not bare or bare.isspace():  # not ``strip()``: that copies the whole page
        return Parsed(None)
    # the text's UTF-8 bytes parse ~6% faster than the str (lxml hands a str to libxml2 as UTF-16 or
    # UCS-4, converted again there) into the same tree
    data = utf8 if bare is text else None
    if data is None:
        try:
            data = bare.encode("utf-8")
        except UnicodeEncodeError:
            # lone surrogates (a str decoded with ``surrogateescape``) have no UTF-8 form, and libxml2
            # stops reading a str at the first one: each becomes U+FFFD, as undecodable bytes do
            data = mend_surrogates(bare).encode("utf-8")
    if b"\x00" in data:
        # NUL bytes (a cache's padding, a broken CMS) become U+FFFD in libxml2's text, a "\ufffd"
        # paragraph in the body; a browser ignores a NUL in the page's text
        data = data.replace(b"\x00", b"")
    try:
        parser, root = _UTF8_PARSER, etree.fromstring(data, _UTF8_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return Parsed(None)
    # the log of this thread's last run of the parser; a stop at a limit is its last (fatal) error
    last = parser.error_log.last_error
    if root is not None and root.getnext() is not None:
        _fold_trailing_roots(root)
    return Parsed(root, last is not None and last.type == _RESOURCE_LIMIT)


def _fold_trailing_roots(root: etree._Element) -> None:
    """What follows the page's ``</html>`` moved into its body, where a browser puts it.

    libxml2 makes anything after ``</html>`` (a host's tracking script, the whole page a second time from
    a proxy that sent it twice) a second top-level ``<html>`` element beside the first. Readers walking the
    first root (``root.iter()``) then missed it while XPath, which searches the whole document, found it,
    and a selector's match there had no place in the page's order (a KeyError on any page served twice).
    The HTML standard parses such content into the body; here each trailing root goes to the end of the
    body as a ``<div>`` (its ``<head>`` and ``<body>`` too), so there is one tree and one page order.
    """
    body = root.find("body")
    if body is None:
        body = etree.SubElement(root, "body")
    for extra in list(root.itersiblings(etree.Element)):
        extra.attrib.clear()  # a second <html>'s lang or class is not this page's
        for part in extra.iter("html", "head", "body"):
            part.tag = "div"
        body.append(extra)
