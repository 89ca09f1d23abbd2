"""The PostgreSQL sink's durable side: the outbox rows wait in, and the writer that empties it.

The Scrapy pipeline (``pipelines/postgres.py``) adds rows and schedules the writer; nothing here imports
Scrapy.
"""
