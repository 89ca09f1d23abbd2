"""The JSON Schema of an exported line (``article.schema.json``), generated from ``crawler.items`` by
``generate``; ``validation`` checks a line against it."""
