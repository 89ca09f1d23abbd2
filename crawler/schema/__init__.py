"""The JSON Schema of an exported line (``article.schema.json``), generated from ``crawler.items``."""
