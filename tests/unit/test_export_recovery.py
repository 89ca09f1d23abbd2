"""Export recovery on its own: a cut last line is removed and the whole lines before it are kept (the
SIGKILLed crawls that need it are tests/e2e/test_resume.py)."""

from __future__ import annotations

from crawler.exports.recovery import cut_unterminated_tail, last_lines


def test_cut_tail_is_removed_and_whole_lines_kept(tmp_path):
    path = tmp_path / "a.jsonl"
    whole = b'{"canonicalUrl": "https://x.test/1/"}\n{"canonicalUrl": "https://x.test/2/"}\n'
    path.write_bytes(whole + b'{"canonicalUrl": "https://x.te')
    assert cut_unterminated_tail(path) == len(b'{"canonicalUrl": "https://x.te')
    assert path.read_bytes() == whole
    assert cut_unterminated_tail(path) == 0
    assert [i["canonicalUrl"] for i in last_lines(path)] == ["https://x.test/1/", "https://x.test/2/"]


def test_a_file_that_is_one_cut_line_becomes_empty(tmp_path):
    path = tmp_path / "a.jsonl"
    path.write_bytes(b'{"canonicalUrl": "https://x.test/1/", "headl')
    assert cut_unterminated_tail(path) > 0
    assert path.read_bytes() == b""
    assert last_lines(path) == []
