"""Embedded, persistent crawl state (seen URLs, fingerprints, near-duplicate index). Pure: no Scrapy."""
