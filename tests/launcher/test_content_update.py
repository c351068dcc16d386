"""A content owner adds a role to a data file; the next `make run` knows it, with no code change.

The project is copied (as git would check it out) to a temporary folder, a role that exists nowhere
else is added to the copy's data/knowledge/roles.yml, and the copy's launcher runs exactly as
`make run` does: it validates and loads the store, rebuilds the spaCy pipeline, retrains and starts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import yaml

from launcher import settings
from launcher.servers import Stack
from tests.helpers import Conversation, free_port, interrupt, start_launcher

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


def test_a_role_added_to_a_data_file_is_recognised_after_the_next_run(stack: Stack, tmp_path: Path) -> None:
    question = "what skills does a prompt engineer need?"
    assert "Prompt engineer" not in Conversation(stack.rasa_url).say(question)

    project = tmp_path / "project"
    copy_project(project)
    roles_file = project / "data" / "knowledge" / "roles.yml"
    roles = yaml.safe_load(roles_file.read_text())
    roles["roles"].append(NEW_ROLE)
    roles_file.write_text(yaml.safe_dump(roles, sort_keys=False, allow_unicode=True))

    rasa_port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KNOWLEDGE_DIR")}
    env.update(RASA_PORT=str(rasa_port), ACTION_PORT=str(free_port()))
    launcher, text = start_launcher(project, env)
    try:
        assert "14 roles" in text and "spaCy pipeline" in text and "rebuilt" in text, text

        chat = Conversation(f"http://127.0.0.1:{rasa_port}")
        reply = chat.say(question)
        assert reply.startswith("Skills a prompt engineer needs"), reply
        assert "Natural language processing" in reply and "Python" in reply
        assert NEW_ROLE["description"] in chat.say("what does a prompt designer do?")
    finally:
        interrupt(launcher)
