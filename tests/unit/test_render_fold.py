"""``render.fold`` skips its search for invisible characters in printable text: that holds only while
every character it removes is unprintable."""

from __future__ import annotations

from crawler.extract.render import _INVISIBLE, fold


def test_every_removed_character_is_unprintable() -> None:
    assert all(not chr(code).isprintable() for code in _INVISIBLE)


def test_invisible_characters_leave_text_in_any_script() -> None:
    assert fold("“Kata\u200bkunci”\u00ad dan\ufeff\n  caf\u00e9 ") == "“Katakunci” dan café "
    assert fold("Jakarta \u2014 hari\x07 ini") == "Jakarta \u2014 hari ini"
