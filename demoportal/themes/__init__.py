"""Themes render the same site data with different markup; add a theme by registering it here."""

from __future__ import annotations

from .base import Theme
from .drift import DriftTheme
from .jagat import JagatTheme

THEMES: dict[str, type[Theme]] = {"jagat": JagatTheme, "drift": DriftTheme}


def get_theme(name: str) -> Theme:
    try:
        return THEMES[name]()
    except KeyError:
        raise ValueError(f"unknown theme {name!r}; choose from {sorted(THEMES)}") from None
