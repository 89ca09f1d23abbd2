"""Which class/id attributes mark page furniture for the generic body finder."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from crawler.extract.generic_furniture import is_furniture


def element(css_class: str = "", element_id: str = "") -> lxml_html.HtmlElement:
    el = lxml_html.Element("div")
    if css_class:
        el.set("class", css_class)
    if element_id:
        el.set("id", element_id)
    return el


@pytest.mark.parametrize(
    ("css_class", "element_id"),
    [
        ("related-posts", ""),
        ("", "comments"),
        ("comment-body", ""),
        ("baca-juga-box", ""),
        ("inner-link-baca-juga", ""),
        ("komentar-box", ""),
        ("most__wrap terpopuler", ""),
        ("berita-terbaru", ""),
        ("social-share", ""),
        ("ad-slot", ""),
        ("widget_text", ""),
        ("jeg_post_tags", ""),
        ("wp-caption-text", ""),
    ],
)
def test_furniture(css_class: str, element_id: str) -> None:
    assert is_furniture(element(css_class, element_id))


@pytest.mark.parametrize(
    "css_class",
    [
        "",
        "entry-content",
        "read__content",
        "detail__body-text itp_bodycontent",
        "article-body pagination-first",  # names the text: wins over "pagination"
        "elementor-widget-theme-post-content",
        "post-1806 post type-post tag-comments category-social",  # WordPress taxonomy classes
        "subheader shadow loaded",  # "header", "ad" only inside other words
        "txt-article multi-fontsize",
    ],
)
def test_not_furniture(css_class: str) -> None:
    assert not is_furniture(element(css_class))
