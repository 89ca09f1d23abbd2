"""Metadata rules learned from pages no one here wrote (the AEB pages, mostly English): what a page's
data says about a credit, a section or a tag, read the way the page means it. The snippets are
hand-written in the shape of those pages.
"""

from __future__ import annotations

import json

import pytest

from crawler.extract import extract_article

STORY = (
    "The house where the dictator was born will be turned into a police station, the interior minister said "
    "on Tuesday, in a move meant to stop it from becoming a shrine for his admirers.",
    "The building in the small border town has been at the centre of a long legal dispute between the state "
    "and its former owner, who was expropriated three years ago after refusing to sell it.",
    "Officials said the conversion work would begin next year and that the facade would be changed so that "
    "the building no longer draws visitors looking for a place of pilgrimage.",
)


def english_page(*, head: str = "", article: str = "", url: str = "https://news.example.com/story/1") -> dict:
    html = (
        f"<html lang='en'><head><title>House to become police station</title>{head}</head><body>"
        "<header><a href='/'>Example News</a></header>"
        f"<article><h1>House to become police station</h1>{article}"
        + "".join(f"<p>{p}</p>" for p in STORY)
        + "</article></body></html>"
    )
    return extract_article(html, url)


def jsonld(data: dict) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


# ---- credits: what JSON-LD declares a name to be --------------------------------------------------
def test_jsonld_author_typed_organization_is_not_a_person() -> None:
    # rt.com / news.sky.com: the story's JSON-LD credits the publisher itself, typed Organization
    head = jsonld(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": "House to become police station",
            "author": {"@type": "Organization", "name": "RT"},
            "publisher": {"@type": "Organization", "name": "RT"},
        }
    )
    item = english_page(head=head)
    assert item["authors"] == []
    assert item["authorsOrg"] == ["RT"]


def test_jsonld_organization_author_gives_way_to_the_byline() -> None:
    # news.sky.com: JSON-LD names "Sky" (an Organization); the byline under the headline names the reporter
    head = jsonld(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "author": {"@type": "Organization", "name": "Sky", "sameAs": ""},
        }
    )
    article = (
        '<div class="sdc-article-author"><a href="/author/tom-gillespie-726" rel="author" '
        'class="sdc-article-author__link">Tom Gillespie</a></div>'
    )
    item = english_page(head=head, article=article)
    assert item["authors"] == ["Tom Gillespie"]


def test_jsonld_person_named_tim_is_a_person() -> None:
    # livescience.com: "Tim" opens an Indonesian team credit ("Tim detikBali") but this one is typed Person
    head = jsonld(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "author": {"@type": "Person", "name": "Tim Childers"},
            "creator": {"@type": "Person", "name": "Tim Childers"},
        }
    )
    article = (
        '<span class="by-author"><a href="https://news.example.com/author/tim-childers" rel="author">'
        "<span>Tim Childers</span> - <span>Example News Contributor</span></a></span>"
    )
    item = english_page(head=head, article=article)
    assert item["authors"] == ["Tim Childers"]
    assert item["authorsOrg"] == []


def test_a_team_credit_without_a_declared_type_is_still_a_team() -> None:
    item = english_page(head='<meta name="author" content="Tim Liputan Khusus">')
    assert "Tim Liputan Khusus" not in item["authors"]


# ---- tags: what a keyword list carries that is no tag ---------------------------------------------
def test_entity_classes_in_wire_keywords_are_not_tags() -> None:
    # AP stories on Hearst sites: the wire's tagger writes its entity classes into news_keywords
    head = (
        '<meta name="news_keywords" content="John McCain, Mark Esper GOVERNMENT_FIGURE PERSON, Mark Esper, '
        "Vietnam, PERSON POLITICIAN, Paul George PROFESSIONAL_ATHLETE SPORTS_FIGURE PERSON, "
        'COACH SPORTS_FIGURE PERSON, Andrew Yang NEWSMAKER, HANOI, AP">'
    )
    item = english_page(head=head)
    expected = ["John McCain", "Mark Esper", "Vietnam", "Paul George", "Andrew Yang", "HANOI", "AP"]
    assert item["tags"] == expected


def test_a_label_printed_inside_the_tag_link_is_not_part_of_the_tag() -> None:
    # gizmodo (Kinja): the post header's tag link holds its own label, "Filed to:", in a span
    article = (
        '<div class="meta"><a href="https://kinja.com/ace">Adam Clark Estes</a>'
        '<time datetime="2019-11-18T17:30:00-05:00">Monday 5:30PM</time>'
        '<div class="js_tag-dropdown"><a href="/tag/innovation"><div><span>Filed to:</span>'
        '<span class="tag-name">innovation</span></div></a></div></div>'
    )
    item = english_page(article=article)
    assert item["tags"] == ["innovation"]


# ---- section ------------------------------------------------------------------------------------
def test_an_article_classed_as_a_breadcrumb_is_not_the_trail() -> None:
    # hollywoodreporter / billboard: the whole <article> carries the class "url-breadcrumb"; its share
    # links (FACEBOOK, TWITTER, EMAIL ME) were read as the trail
    html = (
        "<html lang='en'><head><title>Google Bets on Stadia</title></head><body>"
        "<header><a href='/'>The Example Reporter</a></header>"
        '<article class="article__content-well js-main-article-content url-breadcrumb is-active">'
        "<h1>Google Bets on Stadia</h1><p class='byline'>by <span class='author'>Patrick Shanley</span></p>"
        '<ul class="social-share"><li><a href="javascript:void(0);"><span>FACEBOOK</span></a></li>'
        '<li><a href="javascript:void(0);"><span>TWITTER</span></a></li>'
        '<li><a href="mailto:?body=x"><span>EMAIL ME</span></a></li></ul>'
        + "".join(f"<p>{p}</p>" for p in STORY)
        + "</article></body></html>"
    )
    item = extract_article(html, "https://www.example.com/news/google-bets-on-stadia-1255663")
    assert item["section"] is None


def test_a_breadcrumb_beside_the_headline_still_gives_the_section() -> None:
    article = (
        '<div class="breadcrumb"><a href="/">Home</a> &gt; <a href="/news/">News</a> &gt; '
        '<a href="/news/business/">Business</a> &gt; <a href="/news/business/markets/">Markets</a></div>'
    )
    item = english_page(article=article)
    assert item["section"] == "Markets"


def test_a_comma_joined_article_section_gives_its_first_channel() -> None:
    # Yoast's schema graph joins every category of the post in one articleSection string
    head = jsonld(
        {
            "@context": "https://schema.org",
            "@graph": [
                {
                    "@type": "Article",
                    "headline": "House to become police station",
                    "keywords": "WeWork",
                    "articleSection": "Commercial Real Estate,Home Page,Popular",
                }
            ],
        }
    )
    item = english_page(head=head)
    assert item["section"] == "Commercial Real Estate"


def test_a_content_type_is_not_a_section() -> None:
    # techcrunch's JSON-LD names the post type where the channel goes; a trail may end with "Article"
    head = jsonld({"@context": "https://schema.org", "@type": "NewsArticle", "articleSection": "post"})
    assert english_page(head=head)["section"] is None
    article = (
        '<ul class="breadcrumbs"><li><a href="/">Home</a></li>'
        '<li><a href="/sports/swimming">Boys Swimming</a></li><li><a href="#">Article</a></li></ul>'
    )
    assert english_page(article=article)["section"] == "Boys Swimming"


@pytest.mark.parametrize(
    ("credit", "org"),
    [
        ("The Associated Press", "The Associated Press"),  # ctvnews: a wire, typed Person in JSON-LD
        ("PTI", "PTI"),  # deccanherald: India's wire
        ("HNN Staff", "HNN Staff"),  # a newsroom's staff credit
        ("Science X staff", "Science X staff"),
        ("Practical Horseman Editorial Staff", "Practical Horseman Editorial Staff"),
    ],
)
def test_wires_and_staff_credits_are_organisations(credit: str, org: str) -> None:
    head = jsonld(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "author": {"@type": "Person", "name": credit},
        }
    )
    item = english_page(head=head)
    assert item["authors"] == []
    assert item["authorsOrg"] == [org]


def test_a_staff_writer_is_a_person() -> None:
    head = '<meta name="author" content="Meg James Staff Writer">'
    assert english_page(head=head)["authorsOrg"] == []


def test_the_site_or_its_desk_credited_as_author_is_no_person() -> None:
    # appleinsider: JSON-LD credits the site itself (typed Person); the byline names the writers
    head = '<meta property="og:site_name" content="AppleInsider">' + jsonld(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "author": {"@type": "Person", "name": "AppleInsider"},
            "publisher": {"@type": "Organization", "name": "AppleInsider"},
        }
    )
    article = (
        '<p class="byline">By <a href="/cdn-cgi/l/email-protection">Mike Wuerthele  and Malcolm Owen</a></p>'
    )
    item = english_page(head=head, article=article, url="https://appleinsider.com/articles/19/11/18/review")
    assert item["authors"] == ["Mike Wuerthele", "Malcolm Owen"]
    # cnn: "Jill Disis, CNN Business": the site's desk goes to the organisational credits
    head = '<meta property="og:site_name" content="CNN">'
    article = '<p class="byline">By Jill Disis, CNN Business</p>'
    item = english_page(
        head=head, article=article, url="https://www.cnn.com/2019/11/18/investing/x/index.html"
    )
    assert item["authors"] == ["Jill Disis"]
    assert item["authorsOrg"] == ["CNN Business"]


@pytest.mark.parametrize(
    ("credit", "people"),
    [
        # AP stories syndicated on Hearst sites: the printed byline, whole, as the JSON-LD name
        ("By MEG KINNARD and ERRIN HAINES, Associated Press", ["MEG KINNARD", "ERRIN HAINES"]),
        ("By STEVE PEOPLES, AP National Political Writer", ["STEVE PEOPLES"]),
        ("Sandee LaMotte, CNN", ["Sandee LaMotte"]),  # msn: the wire after the name
        ("Troy L. Smith, Cleveland.com", ["Troy L. Smith"]),  # cleveland.com: the site after the name
        ("Analysis by Chris Cillizza, CNN Editor-at-large", ["Chris Cillizza"]),  # the kind of piece first
        ("Ilana Muhlstein, MS, RDN", ["Ilana Muhlstein"]),  # degrees and licences after the name
        ("Bruce Y. Lee, MD, MBA", ["Bruce Y. Lee"]),
        ("VICTOR TANGERMANN, FUTURISM", ["VICTOR TANGERMANN"]),  # the outlet of a syndicated story
        ("MARTIN LUTHER KING, JR", ["MARTIN LUTHER KING, JR"]),  # a generational suffix is the name's
    ],
)
def test_a_byline_written_into_the_author_data_gives_the_people(credit: str, people: list[str]) -> None:
    head = jsonld(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "author": [{"@type": "person", "name": credit}],
        }
    )
    assert english_page(head=head)["authors"] == people


# ---- language -----------------------------------------------------------------------------------
PORTUGUESE = (
    "Nesta página você terá sempre a classificação atualizada da NASCAR até a última corrida da temporada, "
    "com os pontos de cada piloto e as posições de todas as equipes que disputam o campeonato.",
    "A próxima etapa será disputada no fim de semana no circuito oval, onde os líderes tentam garantir uma "
    "vaga na fase final antes que a classificação seja reduzida para os dezesseis melhores pilotos.",
)


def portuguese_page(head: str) -> dict:
    html = (
        f"<html><head><title>Classificação NASCAR</title>{head}</head><body>"
        "<article><h1>Classificação NASCAR</h1>"
        + "".join(f"<p>{p}</p>" for p in PORTUGUESE)
        + "</article></body></html>"
    )
    return extract_article(html, "http://www.example.com.br/classificacao-nascar/")


def test_the_language_yoast_declares_on_the_webpage_node_is_read() -> None:
    # autoracing.com.br: no <html lang>; Yoast's graph names pt-BR on its WebPage node only
    head = jsonld(
        {
            "@context": "https://schema.org",
            "@graph": [
                {
                    "@type": "WebPage",
                    "@id": "http://www.example.com.br/classificacao-nascar/#webpage",
                    "inLanguage": "pt-BR",
                },
                {"@type": "Article", "headline": "Classificação NASCAR", "articleSection": "NASCAR"},
            ],
        }
    )
    assert portuguese_page(head)["inLanguage"] == "pt"


def test_an_http_equiv_content_language_is_read() -> None:
    # jaraguadosul.com.br: the only declaration is the old http-equiv form
    assert portuguese_page('<meta http-equiv="content-language" content="pt_BR">')["inLanguage"] == "pt"


def test_a_server_header_in_http_equiv_is_not_a_date() -> None:
    head = '<meta http-equiv="last-modified" content="2026-01-02T03:04:05Z">'
    assert portuguese_page(head)["dateModified"] is None


def test_english_text_overrules_a_template_language_the_detector_does_not_know() -> None:
    # businessinsider.com's English stories carry the German edition's <html lang="de">
    html = (
        "<html lang='de' xml:lang='de'><head><title>How to retire early</title></head><body>"
        "<article><h1>How to retire early</h1>"
        + "".join(f"<p>{p}</p>" for p in STORY)
        + "</article></body></html>"
    )
    assert extract_article(html, "https://www.example.com/how-to-retire-early")["inLanguage"] == "en"


def test_a_declared_language_stays_over_text_with_a_few_english_words() -> None:
    html = (
        "<html lang='it'><head><title>Black Friday per nostalgici</title></head><body><article>"
        "<h1>Black Friday per nostalgici</h1><p>Il black Friday incombe su di noi: per chi non lo sapesse il "
        "venerdì nero è il giorno in cui i negozi americani fanno sconti, e da qualche anno è arrivato "
        "anche in Italia con offerte on line per chi ama i giocattoli e i film degli anni ottanta.</p>"
        "</article></body></html>"
    )
    assert extract_article(html, "http://www.example.it/black-friday/")["inLanguage"] == "it"


# ---- headline -----------------------------------------------------------------------------------
def test_the_site_name_written_into_the_declared_headline_is_cut() -> None:
    # ign: JSON-LD headline and og:title agree, and both end with the site's name
    title = "Daily Deals: More Black Friday Deals Are Live, Including PS4 Controllers, and More - IGN"
    head = (
        f'<meta property="og:site_name" content="IGN"><meta property="og:title" content="{title}">'
        + jsonld({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title})
    )
    item = english_page(head=head, url="https://www.ign.com/articles/2019/11/18/daily-deals")
    assert (
        item["headline"]
        == "Daily Deals: More Black Friday Deals Are Live, Including PS4 Controllers, and More"
    )


def test_a_declared_headline_ending_in_another_name_keeps_it() -> None:
    title = "Jose Mourinho agrees deal to replace Mauricio Pochettino - Tottenham"
    head = (
        f'<meta property="og:site_name" content="Sky News"><meta property="og:title" content="{title}">'
        + jsonld({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title})
    )
    assert english_page(head=head, url="https://news.sky.com/story/x-11865382")["headline"] == title


# ---- description --------------------------------------------------------------------------------
def test_the_sites_own_blurb_gives_way_to_the_storys_description() -> None:
    # linknaija (Blogger): the theme's meta description is the site's; og:description is the story's
    head = (
        '<meta content="Online portal that provide breaking news and updates in Nigeria" name="description">'
        '<meta property="og:description" content="The house where the dictator was born will be turned into '
        'a police station, the interior minister said on Tuesday.">'
    )
    item = english_page(head=head)
    assert item["description"].startswith("The house where the dictator was born")


def test_a_description_that_speaks_of_the_story_is_kept_first() -> None:
    head = (
        '<meta name="description" content="Officials said the building would no longer draws visitors '
        'looking for a place of pilgrimage.">'
        '<meta property="og:description" content="Austria settles a long dispute over a house.">'
    )
    assert english_page(head=head)["description"].startswith("Officials said the building")
