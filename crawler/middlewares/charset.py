"""Text the page did not label right: charset repair and binary data sent as HTML.

Portals (and their CDNs) get the charset wrong in three ways we repair before the spider reads the page:

- UTF-8 bytes labelled ``windows-1252``/``ISO-8859-1`` (``â€œ`` instead of ``“``): the body is valid UTF-8
  with multi-byte sequences, which a real windows-1252 text almost never is, so it is read as UTF-8;
- windows-1252 bytes labelled UTF-8 (``�`` instead of ``é``): the body is not valid UTF-8 and holds no
  UTF-8 multi-byte sequence at all, so it is read as windows-1252;
- a page labelled UTF-16 or UTF-32 (``<meta charset="utf-16">``, or the header) whose bytes have no BOM
  and no NUL byte: its markup is single bytes, so it is no such text (every ASCII character of it would
  hold a NUL), and w3lib's reading made a page of CJK-looking garbage, judged no article. It is read as
  UTF-8, or windows-1252 where it is not valid UTF-8, as browsers read a ``<meta>`` that says so (the HTML
  standard: a page that could declare its encoding in ASCII is not UTF-16).

Mojibake saved into a correctly labelled page (``Ã©`` for ``é``) is text, not transport: the extractor
repairs it (``crawler.extract.mojibake``) and the spider counts the page as
``warta/bad_response/charset/mojibake``.

And a response labelled ``text/*`` whose bytes are an image, archive, PDF or hold NUL bytes becomes a
plain (non-text) response, which the spider skips and counts. Each repair is counted as a bad response
(``warta/bad_response/charset/<case>``, ``binary_as_text``).
"""

from __future__ import annotations

import re
from typing import Any

from scrapy.http import Request, Response, TextResponse

from crawler.extract.document import single_byte_reading
from crawler.middlewares.badresponse import count_bad

SNIFF_BYTES = 2048
BINARY_MAGIC = (
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"%PDF",
    b"PK\x03\x04",
    b"\x1f\x8b",
    b"RIFF",
    b"\x00\x00\x01\x00",
    b"7z\xbc\xaf",
    b"Rar!",
)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SINGLE_BYTE_LABELS = frozenset({"cp1252", "windows-1252", "iso-8859-1", "latin-1", "latin1", "iso8859-1"})
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


def looks_binary(body: bytes) -> bool:
    """True for bytes that are an image, archive or PDF, or that hold NUL bytes (not UTF-16 text)."""
    head = body[:SNIFF_BYTES].lstrip()
    if head.startswith(UTF16_BOMS):
        return False
    return head.startswith(BINARY_MAGIC) or b"\x00" in head


def is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def normalised_label(encoding: str | None) -> str:
    return (encoding or "").strip().lower().replace("_", "-")


class CharsetRepairMiddleware:
    """Re-reads mislabelled text and drops the text label from binary bodies (downloader, order 560+)."""

    def __init__(self, stats: Any) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Any) -> CharsetRepairMiddleware:
        return cls(crawler.stats)

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        if not isinstance(response, TextResponse) or not response.body:
            return response
        body = response.body
        if looks_binary(body):
            count_bad(self.stats, "binary_as_text")
            return Response(
                response.url,
                status=response.status,
                headers=response.headers,
                body=body,
                flags=response.flags,
                request=response.request,
            )
        label = normalised_label(response.encoding)
        utf8 = is_utf8(body)
        if label in SINGLE_BYTE_LABELS and utf8 and _UTF8_MULTIBYTE.search(body):
            count_bad(self.stats, "charset/utf8_labelled_single_byte")
            return response.replace(encoding="utf-8")
        if label in ("utf-8", "utf8") and not utf8 and not _UTF8_MULTIBYTE.search(body):
            count_bad(self.stats, "charset/cp1252_labelled_utf8")
            return response.replace(encoding="cp1252")
        if (reading := single_byte_reading(label, body)) is not None:
            count_bad(self.stats, "charset/single_byte_labelled_utf16")
            return response.replace(encoding=reading)
        return response
