"""Near-copies as other portals re-publish them are found; distinct stories, even ones written to one
template, are not.

Copies are made from hand-written Indonesian news bodies (the seed article, a second story on its topic,
the ten portal fixtures) the way syndication changes a story: the agency's dateline and reporter code, a
new headline on top, a paragraph dropped or added, single words and short phrases reworded, until about
the given share of the words is edited. Seeded, so every run makes the same copies.
"""

from __future__ import annotations

import json
import random
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from crawler.state.neardup import NearDupIndex, tokenize
from demoportal.site import build_site
from demoportal.truth import expected_items
from tests.unit.test_neardup import FIXTURES, ORIGINAL_URL, SAME_TOPIC, seed_body

VARIANTS = 5  # copies per story and share


def _stories() -> dict[str, str]:
    stories = {ORIGINAL_URL: seed_body(), "https://www.kompas.com/global/read/2022/03/15/kuleba": SAME_TOPIC}
    for path in sorted((FIXTURES / "portals").glob("*/expected.json")):
        page = json.loads(path.read_text(encoding="utf-8"))
        stories[page["url"]] = "\n\n".join(page["paragraphs"])
    return stories


STORIES = _stories()
# Replacement words: the stories' own lower-case words, real Indonesian words of news prose.
WORDS = sorted({w for text in STORIES.values() for w in text.split() if w.isalpha() and w.islower()})


def syndicated_copy(body: str, share: float, rng: random.Random) -> str:
    """``body`` as another portal re-publishes it, with about ``share`` of its words edited."""
    paragraphs = [p.split() for p in body.split("\n\n")]
    budget = round(share * sum(map(len, paragraphs))) - 4  # a dateline's two words, a code's two
    headline: list[str] = []
    if budget >= 6:
        headline = rng.sample(WORDS, min(budget, rng.randint(6, 10)))
        budget -= len(headline)
    added: list[str] = []
    sizes = [len(p) for p in paragraphs]
    fitting = [k for k in range(1, len(paragraphs)) if sizes[k] <= budget]
    if rng.random() < 0.5 and fitting:  # the largest paragraph that fits the share is dropped
        k = max(fitting, key=sizes.__getitem__)
        del paragraphs[k]
        budget -= sizes[k]
    elif budget >= 10:  # or one of the portal's own is added
        added = rng.choices(WORDS, k=min(budget, rng.randint(10, 25)))
        paragraphs.insert(rng.randint(1, len(paragraphs)), added)
        budget -= len(added)
    spots = [(k, j) for k, p in enumerate(paragraphs) if p is not added for j in range(len(p))]
    touched: set[tuple[int, int]] = set()
    while budget > 0 and len(touched) < len(spots):  # a word is reworded once
        k, j = rng.choice(spots)
        run = 1 if rng.random() < 0.75 else rng.randint(2, 4)  # a synonym, or a phrase rewritten
        span = [(k, j + d) for d in range(min(run, budget)) if j + d < len(paragraphs[k])]
        if any(spot in touched for spot in span):
            continue
        for spot in span:
            paragraphs[k][spot[1]] = rng.choice([w for w in WORDS[:200] if w != paragraphs[k][spot[1]]])
        touched.update(span)
        budget -= len(span)
    text = "Jakarta (ANTARA) - " + "\n\n".join(" ".join(p) for p in paragraphs) + " (ant/bud)"
    return " ".join(headline).capitalize() + "\n\n" + text if headline else text


def swapped_copy(body: str, share: float, rng: random.Random) -> str:
    """``body`` with ``share`` of its words replaced one by one at random places: the worst case for word
    shingles, as each swap breaks three trigrams (a quarter swapped leaves a Jaccard of ~0.27)."""
    words = body.split(" ")
    for at in rng.sample(range(len(words)), round(share * len(words))):
        words[at] = rng.choice([w for w in WORDS[:200] if w != words[at]])
    return " ".join(words)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory):
    with NearDupIndex(tmp_path_factory.mktemp("neardup") / "neardup.sqlite") as idx:
        for key, body in STORIES.items():
            assert idx.add(key, body, {"portal": "asal"})
        yield idx


def _copies(share: float, make=syndicated_copy) -> list[tuple[str, str]]:
    return [
        (key, make(body, share, random.Random(f"{key} {share} {variant}")))
        for variant in range(VARIANTS)
        for key, body in STORIES.items()
    ]


def _recall(index: NearDupIndex, share: float, make=syndicated_copy) -> float:
    copies = _copies(share, make)
    found = 0
    for key, copy in copies:
        matches = index.query(copy)
        assert all(m.key == key for m in matches), f"a copy of {key} matched another story"
        found += bool(matches)
    return found / len(copies)


def test_the_copies_have_about_the_share_of_their_words_edited() -> None:
    def edited(body: str, copy: str) -> float:
        """Words replaced, added or removed (the longer text's words not in a common run) per word."""
        a, b = tokenize(body), tokenize(copy)
        same = sum(block.size for block in SequenceMatcher(a=a, b=b, autojunk=False).get_matching_blocks())
        return (max(len(a), len(b)) - same) / len(a)

    for share in (0.05, 0.15, 0.25):
        shares = sorted(edited(STORIES[key], copy) for key, copy in _copies(share))
        assert share * 0.7 <= shares[len(shares) // 2] <= share * 1.3, (share, shares)


def test_copies_with_15_percent_of_their_words_edited_are_found(index: NearDupIndex) -> None:
    assert _recall(index, 0.15) >= 0.95


def test_copies_with_a_quarter_of_their_words_edited_are_found(index: NearDupIndex) -> None:
    assert _recall(index, 0.25) >= 0.8


def test_copies_with_15_percent_of_their_words_swapped_one_by_one_are_found(index: NearDupIndex) -> None:
    assert _recall(index, 0.15, swapped_copy) >= 0.95


def test_lightly_edited_copies_are_all_found(index: NearDupIndex) -> None:
    assert _recall(index, 0.05) == 1.0


def test_distinct_demo_portal_stories_written_to_one_template_never_match(tmp_path: Path) -> None:
    # 324 distinct stories (the post re-published under a new slug replaced its original), many filled
    # into one template: "KPU Solo catat 360 ribu pemilih baru", "KPU Semarang catat 428 ribu ..."
    items = expected_items(build_site(), "http://h")
    assert len(items) == 324
    matched = {}
    with NearDupIndex(tmp_path / "neardup.sqlite") as idx:
        for item in items:
            found = idx.check_and_add(item["canonicalUrl"], item["articleBody"], {"portal": "jagatbisnis"})
            if found:
                matched[item["canonicalUrl"]] = [(m.key, m.similarity) for m in found]
        assert len(idx) == 324
    assert matched == {}
