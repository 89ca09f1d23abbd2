"""Theme-independent rendering: body HTML from paragraphs + noise, Yoast head, JSON-LD graph, AMP.

A theme subclasses ``Theme`` and supplies the page chrome and article markup; everything derived from
the source data (body, dates, meta) is rendered here so every theme carries the same truth.
"""

from __future__ import annotations

import json
from html import escape

from ..datefmt import MONTHS, header_line, meta_value, updated_line
from ..model import JAKARTA, Article, Page, Paragraph, Part


def esc(text: str) -> str:
    return escape(text, quote=False)


def attr(text: str) -> str:
    return escape(text, quote=True)


def part_html(part: Part) -> str:
    match part.kind:
        case "text":
            return esc(part.text)
        case "link":
            return f'<a href="{attr(part.href)}">{esc(part.text)}</a>'
        case "strong" | "em":
            return f"<{part.kind}>{esc(part.text)}</{part.kind}>"
        case "noise":
            return part.html
    raise ValueError(part.kind)


def paragraph_html(p: Paragraph, prefix: str = "", suffix: str = "") -> str:
    return "<p>" + prefix + "".join(part_html(x) for x in p.parts) + esc(suffix) + "</p>"


def body_html(a: Article, page: int | None = None) -> str:
    """The article body: clean paragraphs with dateline, reporter code and noise blocks in place.

    ``page`` renders one page of a split article; None renders the whole body.
    """
    shown = a.page_paragraphs(page) if page else range(len(a.paragraphs))
    out = [n.html for n in a.noise if n.after < 0] if 0 in shown else []
    if a.dateline_outside and a.dateline_html and 0 in shown:
        out.append(a.dateline_html)
    last = len(a.paragraphs) - 1
    for i, p in enumerate(a.paragraphs):
        if i not in shown:
            continue
        prefix = (a.dateline_html or "") if i == 0 and not a.dateline_outside else ""
        suffix = (a.code_html or "") if i == last else ""
        out.append(paragraph_html(p, prefix, suffix))
        out += [n.html for n in a.noise if n.after == i]
    return "\n".join(out)


def date_line(a: Article) -> str:
    form = a.header_form if a.date_mode == "visible" else "jagat"
    return header_line(form, a.shown_published, a.zone)


def updated(a: Article) -> str | None:
    if a.modified is None:
        return None
    form = a.header_form if a.date_mode == "visible" else "jagat"
    return updated_line(form, a.shown_modified, a.zone)


def image_url(a: Article, base: str) -> str | None:
    return base + a.image.path if a.image else None


def page_links(a: Article, page: int) -> str:
    """WordPress ``wp_link_pages``: ``Halaman: 1 2 3`` under a split article."""
    if a.page_count == 1:
        return ""
    links = [
        f'<span class="post-page-numbers current">{n}</span>'
        if n == page
        else f'<a href="{a.page_path(n)}" class="post-page-numbers"><span>{n}</span></a>'
        for n in range(1, a.page_count + 1)
    ]
    return '<div class="page-links">Halaman: ' + " ".join(links) + "</div>"


def yoast_head(a: Article, base: str, site_name: str, page: int = 1) -> str:
    """Yoast SEO head: description, canonical, amphtml, og:*, article dates unless date_mode is visible.

    A later page of a split article is its own canonical (Yoast does that) and links its neighbours.
    """
    url = base + a.page_path(page)
    lines = [
        f"<title>{esc(a.headline)} - {site_name}</title>",
        f'<meta name="description" content="{attr(a.description)}">',
        '<meta name="robots" content="index, follow, max-image-preview:large">',
        f'<link rel="canonical" href="{attr(url)}">',
        f'<link rel="amphtml" href="{attr(url)}amp/">',
        '<meta property="og:locale" content="id_ID">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{attr(a.headline)}">',
        f'<meta property="og:description" content="{attr(a.description)}">',
        f'<meta property="og:url" content="{attr(url)}">',
        f'<meta property="og:site_name" content="{site_name}">',
    ]
    if a.date_mode != "visible":
        lines.append(
            f'<meta property="article:published_time" content="{meta_value(a.published, a.meta_shape)}">'
        )
        if a.modified:
            lines.append(
                f'<meta property="article:modified_time" content="{meta_value(a.modified, a.meta_shape)}">'
            )
    if a.image:
        lines.append(f'<meta property="og:image" content="{attr(base + a.image.path)}">')
    lines.append(f'<meta name="author" content="{attr(a.authors[0].name)}">')
    if page > 1:
        lines.append(f'<link rel="prev" href="{attr(base + a.page_path(page - 1))}">')
    if page < a.page_count:
        lines.append(f'<link rel="next" href="{attr(base + a.page_path(page + 1))}">')
    if a.date_mode == "jsonld":
        lines.append(
            '<script type="application/ld+json" class="yoast-schema-graph">'
            + json.dumps(jsonld_graph(a, base, site_name), ensure_ascii=False)
            + "</script>"
        )
    return "\n".join(lines)


def jsonld_graph(a: Article, base: str, site_name: str) -> dict:
    url = base + a.path
    article: dict = {
        "@type": "NewsArticle",
        "@id": url + "#article",
        "isPartOf": {"@id": url},
        "author": [{"name": x.name, "@id": f"{base}/#/schema/person/{x.slug}"} for x in a.authors],
        "headline": a.headline,
        "datePublished": meta_value(a.published, a.meta_shape),
        "mainEntityOfPage": {"@id": url},
        "wordCount": len(a.body_text.split()),
        "publisher": {"@id": base + "/#organization"},
        "keywords": [t.name for t in a.tags],
        "articleSection": [a.category.name],
        "inLanguage": "id",
    }
    if a.modified:
        article["dateModified"] = meta_value(a.modified, a.meta_shape)
    graph: list[dict] = [article]
    if a.image:
        article["image"] = {"@id": url + "#primaryimage"}
        article["thumbnailUrl"] = base + a.image.path
        graph.append(
            {
                "@type": "ImageObject",
                "@id": url + "#primaryimage",
                "url": base + a.image.path,
                "contentUrl": base + a.image.path,
                "caption": a.image.caption or "",
            }
        )
    graph += [
        {
            "@type": "WebPage",
            "@id": url,
            "url": url,
            "name": f"{a.headline} - {site_name}",
            "isPartOf": {"@id": base + "/#website"},
            "breadcrumb": {"@id": url + "#breadcrumb"},
            "inLanguage": "id",
        },
        {
            "@type": "BreadcrumbList",
            "@id": url + "#breadcrumb",
            "itemListElement": [
                {"@type": "ListItem", "position": 1, "name": "Home", "item": base + "/"},
                {
                    "@type": "ListItem",
                    "position": 2,
                    "name": a.category.name,
                    "item": f"{base}/category/{a.category.slug}/",
                },
                {"@type": "ListItem", "position": 3, "name": a.headline},
            ],
        },
        {
            "@type": "WebSite",
            "@id": base + "/#website",
            "url": base + "/",
            "name": site_name,
            "inLanguage": "id",
        },
        {"@type": "Organization", "@id": base + "/#organization", "name": site_name, "url": base + "/"},
    ]
    graph += [
        {
            "@type": "Person",
            "@id": f"{base}/#/schema/person/{x.slug}",
            "name": x.name,
            "url": f"{base}/author/{x.slug}/",
        }
        for x in a.authors
    ]
    return {"@context": "https://schema.org", "@graph": graph}


class Theme:
    """Renders pages. Subclasses provide ``article``, ``listing``, ``static_page``, ``not_found``.

    ``hostile`` adds the crawl traps real WordPress sites carry (see ``trap_widget``, ``reply_link``).
    """

    name = "base"
    hostile = False

    def trap_widget(self, site) -> str:
        """Hostile mode: the WordPress calendar, whose « link leads month by month into the past forever."""
        if not self.hostile:
            return ""
        d = site.now.astimezone(JAKARTA)
        prev = f"{d.year - (d.month == 1)}{(d.month - 2) % 12 + 1:02d}"
        return (
            '<section class="widget widget_calendar"><table id="wp-calendar" class="wp-calendar-table">'
            f"<caption>{MONTHS[d.month - 1]} {d.year}</caption></table>"
            f'<nav class="wp-calendar-nav"><a href="/?m={prev}">« {MONTHS[int(prev[4:]) - 1][:3]}</a>'
            "</nav></section>"
        )

    def reply_link(self, a: Article, comment_id: int) -> str:
        """Hostile mode: ``?replytocom=`` links, the same article under endless query variants."""
        if not self.hostile:
            return ""
        return (
            f' <a rel="nofollow" class="comment-reply-link" href="{a.path}?replytocom={comment_id}#respond">'
            "Balas</a>"
        )

    def article(self, site, a: Article, base: str, page: int = 1) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def listing(
        self,
        site,
        title: str,
        items: list[Article],
        page: int,
        pages: int,
        base_path: str,
        base: str,
        after: str = "",
    ) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def static_page(self, site, page: Page, base: str) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def not_found(self, site, base: str) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def amp(self, site, a: Article, base: str) -> str:
        """The AMP copy: minimal markup, canonical pointing at the article."""
        url = base + a.path
        img = ""
        if a.image:
            cap = f"<figcaption>{esc(a.image.caption)}</figcaption>" if a.image.caption else ""
            img = (
                f'<figure class="amp-wp-article-featured-image"><amp-img src="{attr(base + a.image.path)}" '
                f'width="800" height="450" layout="responsive" alt="{attr(a.image.alt)}"></amp-img'
                f">{cap}</figure>"
            )
        body = body_html(a).replace("<script", "<!-- script").replace("</script>", "</script -->")
        return (
            '<!doctype html>\n<html amp lang="id">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{esc(a.headline)} - {site.brand.name}</title>\n"
            f'<link rel="canonical" href="{attr(url)}">\n'
            '<meta name="viewport" content="width=device-width,minimum-scale=1,initial-scale=1">\n'
            '<script async src="https://cdn.ampproject.org/v0.js"></script>\n</head>\n<body>\n'
            f'<header class="amp-wp-header"><a href="{base}/">{site.brand.name}</a></header>\n'
            f'<article class="amp-wp-article"><h1 class="amp-wp-title">{esc(a.headline)}</h1>\n'
            f'<div class="amp-wp-meta"><span class="amp-wp-byline">{esc(a.authors[0].name)}</span> '
            f'<span class="amp-wp-posted-on">{date_line(a)}</span></div>\n{img}\n'
            f'<div class="amp-wp-article-content">\n{body}\n</div></article>\n</body>\n</html>\n'
        )
