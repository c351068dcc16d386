"""How the bot reads a role, skill, application-area or country name, in one place.

The loader stores names in their normal form, the spaCy entity ruler (nlp/build.py) matches every
spelling of them, the fuzzy matcher (nlp/fuzzy_entities.py) and the store's lookup find misspelt
ones, all through this module, so a spelling one of them takes is taken by all:

- case, surrounding punctuation, a possessive ("data scientist's", "data scientists'") and a leading
  article don't matter, and a hyphen is a space ("ml-ops engineer" is "ml ops engineer");
- any gap between two words may be closed ("fullstack developer", "mlops engineer");
- roles, skills and application areas are also named in the plural (countries are not);
- a typo is one letter wrong, missing, added or swapped with its neighbour; any number of a name's
  words may carry one if at least MIN_TYPO_LENGTH letters long, or two if at least LONG_WORD_LENGTH
  ("bioinformatition"); the name with the fewest typos wins, and when two different names have as
  few none does.

Pure Python: the action server imports it without spaCy, and it is among nlp/*.py, whose edits
retrain the model.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

PLURAL_KINDS = ("role", "skill", "application")
"""The kinds of name that are also asked about in the plural ("data scientists")."""
ARTICLES = ("the", "a", "an")
MIN_TYPO_LENGTH = 4
"""Shorter words ("ml", "ai", "sql") must be spelt right: one letter off, they are other words."""
LONG_WORD_LENGTH = 9
"""Words this long may carry two typos."""

NEAR_WORDS_KEPT = 20_000
"""How many words' near spellings an index keeps (a few MB): a message's words repeat in its sequences."""
_MESSAGE_WORD = re.compile(r"[^\W_]+(?:['+#][^\W_]*)*")
_GAP = re.compile(r"[\s\-‐‑‒–—]+")
_EDGE = "\"'“”‘’`?!.,;:()[]{}<>*"

Target = TypeVar("Target", bound=Hashable)


def words(text: str) -> list[str]:
    """The lowercase words of a message ("I'm", "c++" and "c#" are words)."""
    return _MESSAGE_WORD.findall(text.lower())


def name_words(text: str) -> list[str]:
    """The words of a name as the bot compares them: lowercase, split at spaces and hyphens, without
    surrounding punctuation, a possessive ending or a leading article."""
    found = []
    for word in _GAP.split(text.lower().replace("’", "'")):
        word = word.strip(_EDGE)
        if word.endswith("'s"):
            word = word[:-2]
        if word:
            found.append(word)
    if len(found) > 1 and found[0] in ARTICLES:
        found = found[1:]
    return found


def normal(text: str) -> str:
    """The normal form of a name: its words, space-separated ("The Full-Stack Developer's" ->
    "full stack developer")."""
    return " ".join(name_words(text))


def plural(word: str) -> str:
    """English plural of one word, good enough for job and skill names; a word already ending in -s
    ("physics", "statistics", "apis") and one with digits or symbols ("python3") are left alone."""
    lower = word.lower()
    if not word.isalpha() or len(word) < 2 or (lower.endswith("s") and not lower.endswith("ss")):
        return word
    if lower.endswith("y") and lower[-2] not in "aeiou":
        return word[:-1] + "ies"
    if lower.endswith(("ss", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def plural_phrase(phrase: str) -> str:
    """A name in the plural: its last word's plural ("MLOps engineer" -> "MLOps engineers")."""
    head, _, last = phrase.rpartition(" ")
    return f"{head} {plural(last)}" if head else plural(last)


def spellings(text: str, kind: str) -> list[str]:
    """Every normal-form spelling the bot takes for a name: each way of closing gaps between its words,
    and the plural of each for the kinds in PLURAL_KINDS. The name's own spelling comes first."""
    found: list[str] = []
    for joined in _joinings(name_words(text)):
        for form in (joined, plural_phrase(joined)) if kind in PLURAL_KINDS else (joined,):
            if form and form not in found:
                found.append(form)
    return found


def _joinings(parts: list[str]) -> Iterator[str]:
    """The words with each gap kept (space) or closed, the all-spaces spelling first."""
    if len(parts) <= 1:
        yield "".join(parts)
        return
    for rest in _joinings(parts[1:]):
        yield f"{parts[0]} {rest}"
    for rest in _joinings([parts[0] + parts[1], *parts[2:]]):
        yield rest


def typos_allowed(word: str) -> int:
    """How many typos a word of a name may carry (see the module docstring)."""
    return 0 if len(word) < MIN_TYPO_LENGTH else 1 if len(word) < LONG_WORD_LENGTH else 2


def typos(typed: str, word: str, limit: int = 2) -> int:
    """How many letters changed, added, removed or swapped with a neighbour make `typed` of `word`
    (optimal string alignment distance), but at most `limit` + 1."""
    if abs(len(typed) - len(word)) > limit:
        return limit + 1
    d = [[i + j if i * j == 0 else 0 for j in range(len(word) + 1)] for i in range(len(typed) + 1)]
    for i in range(1, len(typed) + 1):
        for j in range(1, len(word) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (typed[i - 1] != word[j - 1]))
            if i > 1 and j > 1 and typed[i - 1] == word[j - 2] and typed[i - 2] == word[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return min(d[-1][-1], limit + 1)


@dataclass(frozen=True)
class Match(Generic[Target]):
    """The names closest to a text: what they stand for (several when equally close names differ),
    the text's words as compared, those that are misspelt and how many typos they have in all."""

    targets: frozenset[Target]
    words: tuple[str, ...]
    typos: tuple[str, ...]
    cost: int

    @property
    def target(self) -> Target | None:
        """What the text names, unless equally close names stand for different things."""
        return next(iter(self.targets)) if len(self.targets) == 1 else None


class NameIndex(Generic[Target]):
    """Finds what a text names among normal-form spellings: exactly, else with the fewest misspelt
    words."""

    def __init__(self, spelt: Iterable[tuple[str, Target]]) -> None:
        self._by_first: dict[tuple[int, str], list[tuple[tuple[str, ...], Target]]] = {}
        self._deletions: dict[str, set[str]] = {}
        """A word of a spelling under each of its forms with as many letters removed as it may
        carry typos: a word and its misspelling share one (with as many removed from that)."""
        self.vocabulary: set[str] = set()
        """The words of the spellings."""
        for spelling, target in spelt:
            parts = tuple(spelling.split(" "))
            self.vocabulary.update(parts)
            self._by_first.setdefault((len(parts), parts[0]), []).append((parts, target))
            for part in parts:
                for deleted in _deletions(part, typos_allowed(part)):
                    self._deletions.setdefault(deleted, set()).add(part)
        self.longest = max((n for n, _ in self._by_first), default=0)
        """The most words a spelling has."""
        self._near_words = lru_cache(maxsize=NEAR_WORDS_KEPT)(self._near_words_of)
        """`closest` looks up every word of every word sequence a message has; each word once."""

    @classmethod
    def of_names(cls, names: Iterable[tuple[str, Target]], kind: str) -> NameIndex[Target]:
        """The index of every spelling of these names of one kind."""
        return cls((spelling, target) for text, target in names for spelling in spellings(text, kind))

    def closest(self, text: str) -> Match[Target] | None:
        """The names the text is, or is closest to within one typo a word; None if none is."""
        parts = name_words(text)
        if not parts:
            return None
        near = [self._near_words(part) for part in parts]
        best: tuple[int, set[Target], tuple[str, ...]] | None = None
        for first in near[0]:
            for spelling, target in self._by_first.get((len(parts), first), ()):
                costs = [options.get(word) for options, word in zip(near, spelling, strict=True)]
                if None in costs:
                    continue
                cost = sum(c for c in costs if c is not None)
                if best is None or cost < best[0]:
                    misspelt = tuple(p for p, c in zip(parts, costs, strict=True) if c)
                    best = (cost, {target}, misspelt)
                elif cost == best[0]:
                    best[1].add(target)
        return Match(frozenset(best[1]), tuple(parts), best[2], best[0]) if best else None

    def find(self, text: str) -> Target | None:
        """What the text names: exactly, else the one closest name (None when two differ equally)."""
        match = self.closest(text)
        return match.target if match else None

    def _near_words_of(self, word: str) -> dict[str, int]:
        """The words of the spellings this word may be, with how many typos it has as each."""
        near = {word: 0}
        candidates = set().union(*(self._deletions.get(deleted, ()) for deleted in _deletions(word, 2)))
        for candidate in candidates - {word}:
            count = typos(word, candidate)
            if count <= typos_allowed(candidate):
                near[candidate] = count
        return near


def _deletions(word: str, most: int) -> set[str]:
    """The word with up to `most` letters removed."""
    found = {word}
    for _ in range(most):
        found |= {w[:i] + w[i + 1 :] for w in found for i in range(len(w))}
    return found
