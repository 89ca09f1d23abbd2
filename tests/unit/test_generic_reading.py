"""The generic finder reads the page once: the chosen container's paragraphs are taken from the reading
of the whole page (``paragraphs_within``) where that reads as reading the container alone would."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html

from crawler.extract.generic_text import ParagraphReader, paragraphs_within

PARTS = [
    "<div>",
    "<div class='entry-content'>",
    "<div class='related-posts'>",
    "<section id='comments'>",
    "</section>",
    "</div>",
    "<span>",
    "<span class='share'>",
    "</span>",
    "<a href='/lain'>",
    "</a>",
    "<p>",
    "</p>",
    "<li>",
    "<h2>",
    "</h2>",
    "<table><tr><td>",
    "</td><td>",
    "</td></tr></table>",
    "<br>",
    "<b hidden>tersembunyi</b>",
    "<script>var x;</script>",
    "Warga kota berkumpul di alun-alun sejak pagi hari. ",
    "Baca Juga ",
]


def _view(paragraphs: list) -> list[tuple]:
    return [(p.text, p.link_chars, p.kind, p.owner, p.furniture, p.prose) for p in paragraphs]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PARTS), max_size=40))
def test_paragraphs_within_read_as_reading_the_part_alone(parts: list[str]) -> None:
    root = lxml_html.document_fromstring(f"<html><body>{''.join(parts)}.</body></html>")
    reader = ParagraphReader(root.find("body"), mark_furniture=False)
    reader.read()
    for part in root.iter():
        if not isinstance(part.tag, str):
            continue
        within = paragraphs_within(reader, part)
        if within is not None:
            assert _view(within) == _view(ParagraphReader(part).read()), part.tag
