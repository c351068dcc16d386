"""Builds the spaCy pipeline from the store: a blank English tokenizer plus an entity ruler.

The ruler's patterns are every spelling (nlp/names.py: plurals, gaps closed, a hyphen or a space
between words) of every role, skill, application-area and country name and alias in the store,
matched case-insensitively, labelled with the entity names the domain uses (`role`, `skill`,
`application`, `country`) and carrying the entry's key as the entity id. Because the patterns come
from the store, a role added to data/knowledge is recognised after the next build. The fuzzy matcher
(nlp/fuzzy_entities.py) reads its names back from these patterns.

Run it as `python -m nlp.build OUT_DIR` (DATABASE_URL selects the store).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import spacy
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language

from actions.store.queries import knowledge
from nlp import names

PIPELINE_NAME = "dl_careers"
HYPHEN = {"ORTH": "-", "OP": "?"}
"""Between two words of a name: "ml-ops engineer" is "ml ops engineer"."""
Pattern = list[dict[str, Any]]


def token_patterns(nlp: Language, text: str, kind: str) -> list[Pattern]:
    """Token patterns for one name: those of each spelling the bot takes for it, case-insensitive.

    A one-letter name (the language R) or one that is an everyday word (US) only matches as one
    upper-case word, so "r u a bot" and "tell us" name no skill or country. A one-letter name also
    matches with a full stop, which spaCy keeps in the letter's token ("I know R. What next?"); an
    everyday word also after "the", where it is no everyday word ("how much in the us?").
    """
    if len(text) == 1:
        return [[{"ORTH": text.upper()}], [{"ORTH": f"{text.upper()}."}]]
    if text in STOP_WORDS:
        return [[{"ORTH": text.upper()}], [{"LOWER": "the"}, {"ORTH": text}]]
    return [
        pattern for spelling in names.spellings(text, kind) for pattern in spelling_patterns(nlp, spelling)
    ]


def spelling_patterns(nlp: Language, spelling: str) -> list[Pattern]:
    """The patterns of one spelling: its words' tokens with an optional hyphen between words; and
    where spaCy keeps a hyphen inside a token ("python-3"), the hyphenated spelling's own tokens."""
    words = spelling.split(" ")
    pattern: Pattern = []
    for i, word in enumerate(words):
        if i:
            pattern.append(dict(HYPHEN))
        pattern.extend({"LOWER": token.text} for token in nlp.make_doc(word))
    hyphenated = [{"LOWER": token.text} for token in nlp.make_doc("-".join(words))]
    if [t for t in hyphenated if t["LOWER"] != "-"] == [t for t in pattern if t != HYPHEN]:
        return [pattern]
    return [pattern, hyphenated]


def pattern_spelling(pattern: Any) -> str | None:
    """The normal-form spelling a pattern of `spelling_patterns` matches; None for any other
    pattern (an upper-case one)."""
    if not isinstance(pattern, list) or not all("LOWER" in t or t == HYPHEN for t in pattern):
        return None
    return names.normal("".join(t.get("LOWER", " ") for t in pattern)) or None


def build(aliases: Iterable[tuple[str, str, str]], out_dir: Path) -> Language:
    """Writes the pipeline for these (text, kind, key) aliases to `out_dir` and returns it."""
    nlp = spacy.blank("en")
    nlp.meta.update(
        name=PIPELINE_NAME,
        version="1.0.0",
        description="Tokenizer and entity ruler generated from dl-careers-bot's knowledge store.",
    )
    ruler = nlp.add_pipe("entity_ruler", config={"validate": True, "overwrite_ents": True})
    patterns = [
        {"label": kind, "pattern": pattern, "id": key}
        for text, kind, key in aliases
        for pattern in token_patterns(nlp, text, kind)
    ]
    ruler.add_patterns(patterns)
    out_dir.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out_dir)
    return nlp


def build_from_store(out_dir: Path, url: str | None = None) -> int:
    """Builds the pipeline from the store's aliases; returns how many aliases it knows."""
    with knowledge(url) as kb:
        aliases = kb.aliases()
    build(aliases, out_dir)
    return len(aliases)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m nlp.build OUT_DIR", file=sys.stderr)
        return 2
    count = build_from_store(Path(argv[0]))
    print(f"spaCy pipeline built from {count} names and aliases")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
