"""Thin spiders: discovery and fetching only; extraction lives in ``crawler.extract``."""
