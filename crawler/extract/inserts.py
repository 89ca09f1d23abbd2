"""Related-article inserts (the "Baca Juga" family): which lines are inserts, and cutting them out.

Three shapes: a labelled line (``Baca Juga :   Title``) dropped whole; a bare label (``Baca Juga``,
``Berita Terkait``) whose linked titles follow on the next lines; and a label running on inside a
paragraph (``… 6.186,87. Baca Juga: <a>IHSG menguat</a> Sementara …``), cut out with its linked title
so the article's own sentence after it stays. The labels are in ``crawler/vocabulary.py``.
"""

from __future__ import annotations

import re

from crawler.extract.render import Line
from crawler.vocabulary import BARE_LABEL, BULLET, LABELLED_LINE, PARENTHESISED, RUN_ON_LABEL

LINKED = 0.6  # a line is "a linked title" when this share of its text is link text
TITLE_MAX_WORDS = 20  # an unlinked title after a bare label is short and has no closing period
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*$")


def is_insert_line(line: Line) -> bool:
    """A whole line that is a labelled insert or a bulleted linked title."""
    text = line.text
    if LABELLED_LINE.match(text):
        return True
    if PARENTHESISED.fullmatch(text):
        return True
    return bool(BULLET.match(text)) and line.link_ratio() >= LINKED


def is_bare_label(line: Line) -> bool:
    return bool(BARE_LABEL.match(line.text))


def is_linked_title(line: Line) -> bool:
    """A line that is (almost) all link text, or a bullet line: a title listed under a bare label."""
    return line.link_ratio() >= LINKED or bool(BULLET.match(line.text))


def is_plain_title(line: Line) -> bool:
    """An unlinked title on the line after a bare label, within the same paragraph."""
    return is_title_text(line.text)


def is_title_text(text: str, max_words: int = TITLE_MAX_WORDS) -> bool:
    """A few words that end no sentence: a title, a label."""
    return len(text.split(None, max_words)) <= max_words and not _SENTENCE_END.search(text)


def may_hold_insert(low: str) -> bool:
    """Cheap test before the inline patterns: every inline label is "baca"/"lihat" then "juga"/"pula"
    (both words: "juga" alone is the common word "also")."""
    return ("juga" in low or "pula" in low) and ("baca" in low or "lihat" in low)


def cut_inline_inserts(line: Line) -> Line:
    """Remove ``(Baca juga: …)`` and run-on ``Baca Juga: <a>Title</a>`` from inside a line.

    The title's extent is known from its link. Without a link the title cannot be told from the
    sentence that follows, so the insert runs to the end of that sentence (or of the line).
    """
    while m := PARENTHESISED.search(line.text):
        line = line.cut(m.start(), m.end())
    pos = 0
    while m := RUN_ON_LABEL.search(line.text, pos):
        if m.start() == 0:
            pos = m.end()
            continue
        end = _title_end(line, m.start(), m.end())
        line = line.cut(m.start(), end)
        pos = m.start()
    return line


def _title_end(line: Line, label_start: int, label_end: int) -> int:
    for a, b in line.links:
        # the link holds the label, or starts right after it
        if a <= label_start < b or label_end - 1 <= a <= label_end + 1:
            return b
    rest = line.text[label_end:]
    stop = re.search(r"[.!?](?:\s|$)", rest)
    return label_end + (stop.end() if stop else len(rest))
