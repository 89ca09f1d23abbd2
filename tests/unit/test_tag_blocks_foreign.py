"""Tag blocks on themes nobody here wrote: a post's own WordPress classes (``tag-minnesota-wild`` on an
``<article>``) name its tags, not a tag block, so the story's in-text links or a related post's title are
no tags; and a "More on" box that holds the tag list and then related stories gives the tag list only."""

from __future__ import annotations

from crawler.extract import extract_article

URL = "https://www.northstarnews.com/2019/11/19/wild-beat-jets-in-overtime/"
STORY = """
<p>The Wild beat the Jets 3-2 in overtime on Tuesday, their fourth win in five games, after
<a href="https://www.northstarnews.com/2019/11/18/parise-returns/">Zach Parise returned</a> from a
bruised foot and scored twice in the third period.</p>
<p>Kevin Fiala set up the winner with a pass across the crease, and the goalie made
<a href="https://www.northstarnews.com/2019/11/17/dubnyk-stops/">thirty-one saves</a> against a team
that had beaten the Wild twice already this season.</p>
<p>The Wild play in Buffalo on Thursday and in Boston on Saturday before a four-game home stand that ends
the month, the longest of their season so far.</p>
"""


def _page(article_class: str, after_story: str) -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Wild beat Jets in overtime - North Star News</title></head><body><main>
<article class="{article_class}"><h1 class="entry-title">Wild beat Jets in overtime</h1>
<div class="entry-content">{STORY}</div></article>
{after_story}
</main></body></html>"""


POST_CLASS = (
    "post-3494850 post type-post status-publish format-standard hentry category-sports tag-minnesota-wild"
)
RELATED = """<section class="more-posts"><article class="post-3494524 post type-post status-publish hentry
tag-minnesota-wild"><h5 class="entry-title"><a href="https://www.northstarnews.com/2019/11/19/casey/">
Minnesotan Casey Mittelstadt finding his legs in Buffalo</a></h5></article></section>"""


def test_a_posts_own_tag_classes_are_no_tag_block():
    assert extract_article(_page(POST_CLASS, RELATED), URL)["tags"] == []


def test_a_tag_block_beside_them_still_gives_the_tags():
    tags = """<div class="tags"><a href="/tag/minnesota-wild/">Minnesota Wild</a>
    <a href="/tag/kevin-fiala/">Kevin Fiala</a></div>"""
    item = extract_article(_page(POST_CLASS, tags + RELATED), URL)
    assert item["tags"] == ["Minnesota Wild", "Kevin Fiala"]


MORE_ON = """<div class="more-on more-on--tag box module">
<div class="more-on__header tag-header"><h3>More on:</h3>
<div class="tag-list"><a href="/tag/minnesota-wild/">minnesota wild</a></div></div>
<div class="more-on__content">
<h2><a href="/2019/10/02/wild-open/">Wild open the season with a loss in Nashville after a late goal
</a></h2>
<h2><a href="/2019/10/20/wild-trade/">Wild trade a third-round pick for a veteran defenseman from Ottawa
</a></h2>
</div></div>"""


def test_a_more_on_box_gives_its_tag_list_not_the_related_titles():
    item = extract_article(_page("post-3494850 article", MORE_ON), URL)
    assert item["tags"] == ["minnesota wild"]
