"""The brief for a new blind split of the multi-turn set (evaluation/conversations.yml): three files
for an author who must not see the training data or the other sets.

`python -m evaluation.brief LETTER FOLDER` writes into FOLDER:
- brief.md: what to write (120 conversations, 20 of each kind, ids LETTER001-LETTER120) and how to
  label each turn, from evaluation/templates/brief/brief.md.j2;
- intents.md: docs/intents.md's table without `follow_up` (a follow-up is labelled with the question it
  repeats) and `message_too_long` (never typed), with `next_steps` (what to learn next, no role), which
  the set scores as the question guidance answers;
- names.md: the store's names of roles, skills, application areas and countries (data/knowledge/),
  which the labels must use.
The author writes FOLDER/set.yml; the conversations are then appended to conversations.yml with the
split they are to have, and its header says who wrote them and when.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from evaluation.report import markdown_environment
from launcher import settings

INTENTS = settings.ROOT / "docs" / "intents.md"
KNOWLEDGE = settings.ROOT / "data" / "knowledge"
LEFT_OUT = ("follow_up", "message_too_long")
"""Intents the author never labels."""
NEXT_STEPS = (
    "| `next_steps` | what to learn next, with no target role named or being discussed (uses the skills "
    "they said they know) | I know Python, what should I learn next? |"
)
SKILL_GAP = re.compile(r"(\| `ask_skill_gap` \| )[^|]*\|")


def intents_page(source: str) -> str:
    """docs/intents.md's paragraph on skills and roles and its table, as the author labels them."""
    paragraphs = source.split("\n\n")
    context = next(p for p in paragraphs if p.startswith("Any question may also say"))
    rows = [
        SKILL_GAP.sub(
            r"\1what to learn next to become a given role (`role`, named now or the one being discussed) |",
            line,
        )
        for line in source.splitlines()
        if line.startswith("|") and not any(f"| `{name}` |" in line for name in LEFT_OUT)
    ]
    return (
        markdown_environment()
        .get_template("brief/intents.md.j2")
        .render(context=context, rows=[*rows, NEXT_STEPS])
    )


def names_page(knowledge: Path = KNOWLEDGE) -> str:
    """The store's names, by kind, as the labels must spell them."""

    def read(name: str) -> dict:
        return yaml.safe_load((knowledge / f"{name}.yml").read_text())

    kinds = [
        ("Roles (jobs)", [r["title"] for r in read("roles")["roles"]]),
        ("Skills", [s["name"] for s in read("skills")["skills"]]),
        ("Application areas", [a["name"] for a in read("applications")["applications"]]),
        ("Countries with salary figures", [c["name"] for c in read("salaries")["countries"]]),
    ]
    lines = [
        "# The store's names",
        "",
        "Use these exact names in the `role`, `skills`, `skill` and `country` fields. Learners may of course "
        "write them any natural way (abbreviations, plurals, lower case, typos).",
    ]
    for title, names in kinds:
        lines += ["", f"## {title}", *(f"- {name}" for name in names)]
    return "\n".join(lines) + "\n"


def brief_page(letter: str, folder: Path) -> str:
    return markdown_environment().get_template("brief/brief.md.j2").render(letter=letter, folder=str(folder))


def used_letters() -> set[str]:
    """The id letters the multi-turn sets use already."""
    from evaluation.conversations import CONVERSATIONS, DEV_CONVERSATIONS, load_conversations

    return {c.id[0] for path in (CONVERSATIONS, DEV_CONVERSATIONS) for c in load_conversations(path)}


def write_brief(letter: str, folder: Path) -> None:
    """Writes brief.md, intents.md and names.md for split `letter` into `folder`."""
    if len(letter) != 1 or not letter.isalpha() or letter in used_letters():
        raise ValueError(f"{letter!r} is not one free letter: the sets use {''.join(sorted(used_letters()))}")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "brief.md").write_text(brief_page(letter, folder))
    (folder / "intents.md").write_text(intents_page(INTENTS.read_text()))
    (folder / "names.md").write_text(names_page())


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m evaluation.brief", description=__doc__.split("\n\n")[0])
    parser.add_argument("letter", help="the new split's id letter, one no conversation uses yet")
    parser.add_argument("folder", type=Path, help="where to write the three files (outside the repo)")
    args = parser.parse_args(argv)
    try:
        write_brief(args.letter, args.folder.resolve())
    except ValueError as error:
        parser.error(str(error))
    print(f"Wrote {args.folder}/brief.md, intents.md and names.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
