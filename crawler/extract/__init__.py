"""Pure article extraction: HTML in, article dict out. No Scrapy import anywhere in this package."""

from crawler.extract.article import extract_article, fingerprint

__all__ = ["extract_article", "fingerprint"]
