"""Mojibake repair: UTF-8 text that was once read as windows-1252 (``SÃ¡rneczky``, ``â€œ``) put back.

One repair for the two places that meet it: the charset middleware (a whole page, counted in the stats)
and the body cleaner (a paragraph of a page whose mojibake was saved into the page's own text).

Each run is repaired on its own, so a paragraph that mixes real Latin text (``café``, ``Díli``) with a
garbled name still gets the name back. A run is a UTF-8 lead byte read as windows-1252 (``Â``-``ô``) and
exactly the continuation bytes that lead calls for (one after ``Â``-``ß``, two after ``à``-``ï``, three
after ``ð``-``ô``), each read the same way; a run that does not decode as UTF-8 is left as it is.
"""

from __future__ import annotations

import re

# windows-1252 reads the continuation bytes 0x80-0xBF as these characters (its five undefined bytes,
# 0x81 0x8D 0x8F 0x90 0x9D, come through as the C1 controls of the same number)
_CONTINUATION = "[\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]"
_MOJIBAKE = re.compile(
    f"[\u00c2-\u00df]{_CONTINUATION}|[\u00e0-\u00ef]{_CONTINUATION}{{2}}|[\u00f0-\u00f4]{_CONTINUATION}{{3}}"
)


def sloppy_cp1252(text: str) -> bytes:
    """``text`` as windows-1252 bytes; the C1 controls (what its undefined bytes decode to) as themselves."""
    return b"".join(bytes([ord(ch)]) if 0x80 <= ord(ch) <= 0x9F else ch.encode("cp1252") for ch in text)


def fix_mojibake(text: str) -> tuple[str, int]:
    """``text`` with each run of UTF-8-read-as-windows-1252 put back; the number of runs fixed."""
    if text.isascii() or not _MOJIBAKE.search(text):
        return text, 0
    fixed = 0

    def repair(match: re.Match[str]) -> str:
        nonlocal fixed
        try:
            good = sloppy_cp1252(match.group(0)).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return match.group(0)
        fixed += 1
        return good

    return _MOJIBAKE.sub(repair, text), fixed
