"""The generic path prunes noise from the page's own tree and puts it back (``prune_for_a_while``): the
pruned tree must read as a pruned copy would, and the page must be whole again afterwards, since every
field after the body reads it."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from crawler.extract import extract_article, noise, prune
from crawler.extract.document import parse
from crawler.extract.prune import Irreversible, prune_for_a_while, prune_in_place
from crawler.extract.selectors import PageIndex
from crawler.vocabulary import NOISE_ID_PREFIXES, NOISE_IDS

PARTS = [
    "<p>",
    "</p>",
    "<div class='entry-content'>",
    "<div class='sharedaddy'>",
    "<div id='comments'>",
    "<span id='div-gpt-ad-1'>",
    "</span>",
    "</div>",
    "<!--BACA JUGA START-->",
    "<!--BACA JUGA END-->",
    "<script>var x = 1;</script>",
    "<figure><img src='a.jpg'><figcaption>Foto</figcaption></figure>",
    "<b>tebal</b>",
    "Warga kota berkumpul di alun-alun sejak pagi hari. ",
    " ekor ",
    "\x01",
    "\ufffe",
    "<br>",
]


def _as_specified(root: etree._Element) -> etree._Element:
    """The pruning as first written: the comment ranges out, then the noise tags, classes and ids of
    what is left, each dropped with its tail kept (the oracle of the one-walk version)."""
    edits = prune._Edits()
    prune._drop_comment_ranges(root, edits)
    doomed = list(root.iterdescendants(*noise.NOISE_TAGS))
    doomed += [v.getparent() for v in root.xpath("descendant::*/@class") if noise.has_noise_class(v)]
    doomed += [
        v.getparent()
        for v in root.xpath("descendant::*/@id")
        if v in NOISE_IDS or v.startswith(NOISE_ID_PREFIXES)
    ]
    for node in doomed:
        prune.drop_node(node, edits)
    return root


def _page(parts: list[str]) -> str:
    return f"<html><head><title>T</title></head><body class='home'>{''.join(parts)}</body></html>"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PARTS), max_size=30))
def test_pruning_a_while_reads_as_a_pruned_copy_and_puts_the_page_back(parts: list[str]) -> None:
    root = parse(_page(parts))
    assert root is not None
    before = etree.tostring(root)
    body = root.find("body")
    copied = etree.tostring(prune_in_place(copy.deepcopy(body), class_words=False))
    assert copied == etree.tostring(_as_specified(copy.deepcopy(body)))
    index = PageIndex(root)
    try:
        edits = prune_for_a_while(body, index.class_values, index.id_values)
    except Irreversible:
        assert etree.tostring(root) == before  # nothing left half-pruned
        return
    assert etree.tostring(body) == copied
    edits.undo()
    assert etree.tostring(root) == before


def test_a_refused_character_after_noise_neither_crashes_nor_loses_the_text() -> None:
    sentence = "Warga kota berkumpul di alun-alun sejak pagi hari untuk menonton pawai budaya."
    html = (
        f"<html><body><div><p>{sentence}</p>Sisa\ufffe teks<script>1</script> setelah skrip \ufffe."
        f"<p>{sentence.replace('pagi', 'sore')}</p></div></body></html>"
    )
    body = extract_article(html, "https://x.test/berita/1")["articleBody"]
    assert sentence in body and "setelah skrip" in body
