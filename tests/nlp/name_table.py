"""Names × spellings, generated from data/knowledge: every role, skill and application-area name and
alias, written the ways learners write them.

The spellings are made here, independently of nlp/names.py (only its documented MIN_TYPO_LENGTH is
shared): the lookup's, the spaCy ruler's and the fuzzy matcher's tests all check them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from actions.settings import KNOWLEDGE_DIR
from actions.store.load import read_knowledge
from nlp.names import MIN_TYPO_LENGTH

NAMED = (("role", "roles", "title"), ("skill", "skills", "name"), ("application", "applications", "name"))
"""(kind, section, name field): the kinds of entry the table covers, all also named in the plural."""

EXACT_VARIANTS = (
    "as written",
    "lower case",
    "upper case",
    "title case",
    "spaces",
    "hyphens",
    "a gap closed",
    "all gaps closed",
    "plural",
    "possessive",
    "plural possessive",
    "article and question mark",
)
TYPO_VARIANTS = ("letter missing", "letter doubled", "letter changed", "letters swapped")


@dataclass(frozen=True)
class Spelling:
    """One way of writing one entry's name; for a typo, the other entries it is as close to."""

    text: str
    kind: str
    key: str
    variant: str
    name: str
    rivals: frozenset[str] = frozenset()


def names() -> Iterator[tuple[str, str, str]]:
    """(name as written in the data file, kind, key) for every name and alias of the table's kinds."""
    content = read_knowledge(KNOWLEDGE_DIR)
    for kind, section, name_field in NAMED:
        for entry in content[section]:
            for name in dict.fromkeys([entry[name_field], *entry["aliases"]]):
                yield str(name), kind, entry["key"]


@cache
def table() -> tuple[Spelling, ...]:
    """Every name in every variant; a typo that spells another entry's name is left out."""
    written: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for name, kind, key in names():
        for variant, text in _exact_variants(name):
            if variant in ("spaces", "plural", "a gap closed", "all gaps closed"):
                written.setdefault(kind, []).append((tuple(text.split(" ")), key))
    rows: dict[tuple[str, str, str], Spelling] = {}
    for name, kind, key in names():
        for variant, text in _exact_variants(name):
            rows.setdefault((text, kind, key), Spelling(text, kind, key, variant, name))
        for variant, text in _typos(name):
            costs = [(_cost(text.split(" "), words), other) for words, other in written[kind] if other != key]
            if any(cost == 0 for cost, _ in costs):
                continue
            rivals = frozenset(other for cost, other in costs if cost == 1)
            rows.setdefault((text, kind, key), Spelling(text, kind, key, variant, name, rivals))
    return tuple(rows.values())


def of_variant(variant: str) -> list[Spelling]:
    return [s for s in table() if s.variant == variant]


def _words(name: str) -> list[str]:
    return re.split(r"[\s-]+", name.lower())


def _plural(word: str) -> str | None:
    """A learner's plural of a name's last word; None when there is none to write (one already
    ending in -s, a letter, a word with digits or symbols)."""
    if not word.isalpha() or len(word) < 2 or (word.endswith("s") and not word.endswith("ss")):
        return None
    if word.endswith("y") and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("ss", "sh", "ch", "x", "z")) else "s")


def _exact_variants(name: str) -> Iterator[tuple[str, str]]:
    words = _words(name)
    yield "as written", name
    yield "lower case", name.lower()
    yield "upper case", name.upper()
    yield "title case", " ".join(w.capitalize() for w in words)
    yield "spaces", " ".join(words)
    if len(words) > 1:
        yield "hyphens", "-".join(words)
        yield "all gaps closed", "".join(words)
        for gap in range(1, len(words)):
            yield (
                "a gap closed",
                " ".join([*words[: gap - 1], words[gap - 1] + words[gap], *words[gap + 1 :]]),
            )
    plural = _plural(words[-1])
    if plural:
        yield "plural", " ".join([*words[:-1], plural])
        yield "plural possessive", " ".join([*words[:-1], plural]) + "'"
    yield "possessive", " ".join(words) + "'s"
    yield "article and question mark", f"the {' '.join(words)}?"


def _typos(name: str) -> Iterator[tuple[str, str]]:
    """A one-letter typo in each word long enough to be read as misspelt, of each kind."""
    words = _words(name)
    for i, word in enumerate(words):
        if len(word) < MIN_TYPO_LENGTH:
            continue
        m = len(word) // 2
        changed = "q" if word[m] != "q" else "x"
        typos = {
            "letter missing": word[:m] + word[m + 1 :],
            "letter doubled": word[:m] + word[m] + word[m:],
            "letter changed": word[:m] + changed + word[m + 1 :],
            "letters swapped": word[: m - 1] + word[m] + word[m - 1] + word[m + 1 :],
        }
        for variant, typo in typos.items():
            if typo != word:
                yield variant, " ".join([*words[:i], typo, *words[i + 1 :]])


def _cost(typed: list[str], name: list[str] | tuple[str, ...]) -> float:
    """How many of the typed words are one typo off the name's (infinite if any is further off, or
    off in a word too short to be read as misspelt)."""
    if len(typed) != len(name):
        return float("inf")
    cost = 0
    for a, b in zip(typed, name, strict=True):
        if a != b:
            if len(b) < MIN_TYPO_LENGTH or _distance(a, b) != 1:
                return float("inf")
            cost += 1
    return cost


@cache
def _distance(a: str, b: str) -> int:
    """Edit distance with adjacent swaps (optimal string alignment), by dynamic programming."""
    if abs(len(a) - len(b)) > 1:
        return 2
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]
