"""Warta: a crawler for Indonesian news portals (settings, items, extraction library, state stores)."""
