"""Pure article extraction: HTML in, ``ArticleItem`` out. No Scrapy import anywhere in this package."""

from crawler.extract.article import Extraction, extract, extract_article, fingerprint

__all__ = ["Extraction", "extract", "extract_article", "fingerprint"]
