"""Builds the spaCy pipeline from the store: a blank English tokenizer plus an entity ruler.

The ruler's patterns are every role, skill, application-area and country name and alias in the store,
matched case-insensitively in singular and plural, labelled with the entity names the domain uses
(`role`, `skill`, `application`, `country`) and carrying the entry's key as the entity id. Because the
patterns come from the store, a role added to data/knowledge is recognised after the next build.

Run it as `python -m nlp.build OUT_DIR` (DATABASE_URL selects the store).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

import spacy
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language

from actions.store.queries import knowledge

PIPELINE_NAME = "dl_careers"
PLURAL_KINDS = ("role", "skill", "application")


def plural(word: str) -> str:
    """English plural of one word, good enough for job and skill names."""
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    return word + "s"


def token_patterns(nlp: Language, text: str, kind: str) -> list[list[dict[str, str]]]:
    """Token patterns for one alias: case-insensitive, plus the plural of its last word.

    A one-letter alias (the language R) or one that is an everyday word (US) only matches in upper
    case, so "r u a bot" and "tell us" name no skill or country.
    """
    words = [t.text for t in nlp.make_doc(text)]
    if len(text) == 1 or text in STOP_WORDS:
        return [[{"ORTH": text.upper()}]]
    variants = [words]
    if kind in PLURAL_KINDS and words[-1].isalpha():
        variants.append(words[:-1] + [plural(words[-1])])
    return [[{"LOWER": w.lower()} for w in variant] for variant in variants]


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
