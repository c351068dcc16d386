"""A content owner edits a data file or a response's wording; the next `make run` says it, with no
code change.

The project is copied (as git would check it out) to a temporary folder, the copy is edited, and the
copy's launcher runs exactly as `make run` does. A role added to data/knowledge/roles.yml reloads
the store, rebuilds the spaCy pipeline and retrains. A response reworded in domain.yml retrains
nothing: the copy starts as the content owner's checkout does after an earlier `make run`, with
build/ (store, spaCy pipeline, sentence vectors, Rasa's training caches) in place, and the model is
packaged with the new wording from the cache.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import yaml

from actions.settings import database_url
from actions.store.db import sqlite_file
from launcher import prepare, settings
from launcher.servers import Stack
from tests.helpers import Conversation, free_port, interrupt, start_launcher
from tests.wording import answer, response_text, said

NEW_ROLE = {
    "key": "prompt-engineer",
    "title": "Prompt engineer",
    "aliases": ["prompt designer"],
    "summary": "Designs and tests the instructions that steer large language models.",
    "description": "Writes, evaluates and versions prompts for language-model features (test role).",
    "education": "Often a degree in computer science or linguistics.",
    "how_to_get_in": "Build a portfolio of evaluated prompt experiments.",
    "in_article": False,
    "skills": [
        {"skill": "natural-language-processing", "importance": "essential"},
        {"skill": "python", "importance": "important"},
    ],
}
REWORDED = "What {a_role} must know, the most needed first:\n{skills}"
"""utter_role_skills as a content owner rewrites it (the placeholders kept)."""
BUILT = ("spacy", "sentence_vectors", prepare.CACHE_ROOT.name)
"""What an earlier `make run` left in build/ that the next one reuses, besides the store: the spaCy
pipeline, the sentence vectors and Rasa's training caches."""


def copy_project(target: Path) -> None:
    listed = (
        subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
            cwd=settings.ROOT,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        source = settings.ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / ".venv").symlink_to(settings.ROOT / ".venv")
    if (settings.ROOT / "web" / "node_modules").exists():
        (target / "web" / "node_modules").symlink_to(settings.ROOT / "web" / "node_modules")


def launcher_env() -> dict[str, str]:
    """The environment `make run` has, with the copy's own store and free ports."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KNOWLEDGE_DIR")}
    env.update(RASA_PORT=str(free_port()), ACTION_PORT=str(free_port()))
    return env


def test_a_role_added_to_a_data_file_is_recognised_after_the_next_run(stack: Stack, tmp_path: Path) -> None:
    question = "what skills does a prompt engineer need?"
    assert "Prompt engineer" not in Conversation(stack.rasa_url).say(question)

    project = tmp_path / "project"
    copy_project(project)
    roles_file = project / "data" / "knowledge" / "roles.yml"
    roles = yaml.safe_load(roles_file.read_text())
    roles["roles"].append(NEW_ROLE)
    roles_file.write_text(yaml.safe_dump(roles, sort_keys=False, allow_unicode=True))

    env = launcher_env()
    launcher, text = start_launcher(project, env)
    try:
        assert "14 roles" in text and "spaCy pipeline" in text and "rebuilt" in text, text

        chat = Conversation(f"http://127.0.0.1:{env['RASA_PORT']}")
        chat.say(question)
        needs = answer(chat.last, "utter_role_skills")
        assert needs["a_role"] == "a prompt engineer"
        assert "Natural language processing" in needs["skills"] and "Python" in needs["skills"]
        assert NEW_ROLE["description"] in chat.say("what does a prompt designer do?")
    finally:
        interrupt(launcher)


def test_a_reworded_response_is_said_after_the_next_run_without_retraining(tmp_path: Path) -> None:
    assert response_text("utter_role_skills") != REWORDED
    prepare.prepare()  # this checkout's model, and the cache it was trained with, for its files as they are
    project = tmp_path / "project"
    with prepare.exclusive():  # no training in this checkout meanwhile: the cache matches its record
        assert prepare.only_wording_changed(prepare.shape_fingerprint()), (
            "the training cache in build/ is not for this checkout's files: they changed after `prepare` ran"
        )
        copy_project(project)
        for name in BUILT:
            shutil.copytree(prepare.ROOT / "build" / name, project / "build" / name)
        store = sqlite_file(database_url())  # the store `prepare` read (DATABASE_URL while tests set it)
        assert store is not None
        shutil.copy2(store, project / "build" / "knowledge.db")
    domain_file = project / "domain.yml"
    domain = yaml.safe_load(domain_file.read_text())
    domain["responses"]["utter_role_skills"][0]["text"] = REWORDED
    domain_file.write_text(yaml.safe_dump(domain, sort_keys=False, allow_unicode=True))

    env = launcher_env()
    launcher, text = start_launcher(project, env)
    try:
        trained = (project / "build" / "logs" / "train.log").read_text()
        restored = set(re.findall(r"Restored component '(\w+)' from cache", trained))
        retrained = set(re.findall(r"Starting to train component '(\w+)'", trained))
        assert {
            "QuickLoadingDIETClassifier",
            "CountVectorsFeaturizer",
            "IncrementalRulePolicy",
            "IncrementalMemoizationPolicy",
        } <= restored, text
        # The first time after a full training, Rasa's cache misses these two, which follow DIET (their
        # key differs between a full run and a cached one): they train again in seconds, then stay cached.
        assert retrained <= {"EntityFilter", "LinearIntentClassifier"}, trained

        chat = Conversation(f"http://127.0.0.1:{env['RASA_PORT']}")
        chat.say("what skills does a data scientist need?")
        assert said(chat.last, "utter_role_skills") is None  # the old wording is gone
        needs = answer(chat.last, "utter_role_skills", domain_file)
        assert needs["a_role"] == "a data scientist" and needs["skills"]
    finally:
        interrupt(launcher)
