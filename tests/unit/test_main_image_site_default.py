"""The lead image is the story's, not the picture a site shares for any page that set none: a CMS's
``opengraph_default.png`` or the site's logo in og:image gives way to the page's next declared image, or
to none; a story's own photo of a logo stays."""

from __future__ import annotations

import pytest

from crawler.extract import extract_article

PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>City council delays the vote on the new bus lanes - Bay Daily</title>
<meta property="og:title" content="City council delays the vote on the new bus lanes">
<meta property="og:image" content="{og_image}">
{jsonld}
</head>
<body><main><article>
<h1>City council delays the vote on the new bus lanes</h1>
<div class="article-body">
<p>The city council put off its vote on the new bus lanes on Tuesday after two members asked for another
study of the traffic on the bridge approach, where the lanes would take one of three lanes from cars.</p>
<p>Supporters of the plan said the delay would cost the city a state grant that ends in March, while shop
owners along the avenue said they had not been asked about the loss of parking in front of their stores.</p>
<p>The council will take the plan up again at its next meeting, two weeks from now, the council president
said after the session, which ran past midnight.</p>
</div></article></main></body></html>
"""
JSONLD = """<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "City council delays the vote on the new bus lanes", "image": {{"@type": "ImageObject",
"url": "{url}"}}}}</script>"""
URL = "https://www.baydaily.com/news/article/council-delays-bus-lane-vote-1234.php"


def _main_image(og_image: str, jsonld_image: str | None = None) -> str | None:
    jsonld = JSONLD.format(url=jsonld_image) if jsonld_image else ""
    item = extract_article(PAGE.format(og_image=og_image, jsonld=jsonld), URL)
    return item["mainImage"]["url"] if item["mainImage"] else None


@pytest.mark.parametrize(
    "site_image",
    [
        "https://www.baydaily.com/img/pages/article/opengraph_default.png",
        "https://www.baydaily.com/images/baydaily_fb_logo.jpg",
        "https://cdn.baydaily.com/assets/og-default-1200x630.jpg",
    ],
)
def test_a_site_picture_gives_way_to_the_story_image_the_page_declares(site_image):
    photo = "https://photos.baydaily.com/01/07/05/18636663/bus-lane-bridge-approach.jpg"
    assert _main_image(site_image, photo) == photo
    assert _main_image(site_image) is None


def test_a_story_photo_of_a_logo_is_the_story_image():
    photo = "https://www.baydaily.com/uploads/2019/11/transit-agency-logo-getty-1024-683.jpg"
    assert _main_image(photo, "https://photos.baydaily.com/other.jpg") == photo
