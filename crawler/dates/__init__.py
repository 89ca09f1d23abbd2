"""The Indonesian date engine (pure: no Scrapy).

`parse_date` reads a page's own date line or meta value; `find_dates` finds the dates mentioned in body
text; `to_iso` renders the item's date format; `choose_published` picks `datePublished` among sources.
"""

from .engine import parse_date, parse_date_detailed
from .mentions import find_dates
from .precedence import PRECEDENCE, PublishedChoice, choose_published
from .results import DateMention, DateParse, to_iso

__all__ = [
    "PRECEDENCE",
    "DateMention",
    "DateParse",
    "PublishedChoice",
    "choose_published",
    "find_dates",
    "parse_date",
    "parse_date_detailed",
    "to_iso",
]
