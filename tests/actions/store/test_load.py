"""The loader: real data files into a real SQLite store; idempotent; bad data named by file and entry."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from actions.store import models
from actions.store.db import session_scope
from actions.store.load import KnowledgeError, load, read_knowledge
from actions.store.queries import knowledge
from tests.actions.store.editing import edit, table_rows


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


def test_load_fills_every_table_from_the_data_files(data_dir: Path, url: str) -> None:
    result = load(data_dir, url)
    content = read_knowledge(data_dir)
    assert result.changed
    with session_scope(url) as session:
        for model, section in (
            (models.Role, "roles"),
            (models.Skill, "skills"),
            (models.Application, "applications"),
            (models.Salary, "salaries"),
            (models.Resource, "resources"),
            (models.Topic, "topics"),
        ):
            assert session.scalar(select(func.count()).select_from(model)) == len(content[section])


def test_loading_twice_changes_nothing(data_dir: Path, url: str) -> None:
    load(data_dir, url)
    before = table_rows(url)
    again = load(data_dir, url)
    assert not again.changed
    assert table_rows(url) == before


def test_an_edited_data_file_is_applied_on_reload(data_dir: Path, url: str) -> None:
    load(data_dir, url)

    def retitle(content: dict) -> None:
        role = next(r for r in content["roles"] if r["key"] == "data-scientist")
        role["summary"] = "Turns data into decisions (edited)."
        role["aliases"] = [*role.get("aliases", []), "numbers wizard"]

    edit(data_dir, "roles.yml", retitle)
    assert load(data_dir, url).changed
    with knowledge(url) as kb:
        role = kb.find_role("numbers wizard")
        assert role is not None and role.summary == "Turns data into decisions (edited)."


def test_unknown_skill_in_a_role_is_named(data_dir: Path, url: str) -> None:
    def add_unknown(content: dict) -> None:
        content["roles"][0]["skills"].append({"skill": "telepathy", "importance": "useful"})

    edit(data_dir, "roles.yml", add_unknown)
    with pytest.raises(KnowledgeError) as error:
        load(data_dir, url)
    first = yaml.safe_load((data_dir / "roles.yml").read_text())["roles"][0]["key"]
    assert error.value.file == "roles.yml"
    assert first in error.value.entry
    assert "unknown skill 'telepathy'" in str(error.value)


def test_a_broad_skill_covers_only_other_known_skills(data_dir: Path, url: str) -> None:
    edit(data_dir, "skills.yml", lambda content: content["skills"][0].update(covers=["telepathy"]))
    with pytest.raises(KnowledgeError, match="skills.yml: skills '[a-z-]+': unknown skill 'telepathy'"):
        load(data_dir, url)
    edit(
        data_dir,
        "skills.yml",
        lambda content: content["skills"][0].update(covers=[content["skills"][0]["key"]]),
    )
    with pytest.raises(KnowledgeError, match="can't cover itself"):
        load(data_dir, url)


def test_an_application_names_only_known_roles(data_dir: Path, url: str) -> None:
    edit(data_dir, "applications.yml", lambda content: content["applications"][0].update(roles=["astronaut"]))
    with pytest.raises(
        KnowledgeError, match="applications.yml: applications '[a-z-]+': unknown role 'astronaut'"
    ):
        load(data_dir, url)
    edit(
        data_dir,
        "applications.yml",
        lambda content: content["applications"][0].update(roles=["data-analyst"] * 2),
    )
    with pytest.raises(KnowledgeError, match="applications '[a-z-]+': a role is listed twice"):
        load(data_dir, url)


def test_a_link_listed_twice_is_named_not_left_to_the_database(data_dir: Path, url: str) -> None:
    edit(
        data_dir, "resources.yml", lambda content: content["resources"][0].update(skills=["python", "python"])
    )
    with pytest.raises(
        KnowledgeError, match="resources.yml: resources '[a-z0-9-]+': a skill is listed twice"
    ):
        load(data_dir, url)


def test_duplicate_alias_across_files_is_named(data_dir: Path, url: str) -> None:
    def steal_alias(content: dict) -> None:
        content["skills"][0].setdefault("aliases", []).append("data scientist")

    edit(data_dir, "skills.yml", steal_alias)
    with pytest.raises(KnowledgeError, match="duplicate alias 'data scientist'"):
        load(data_dir, url)


def test_missing_field_is_named(data_dir: Path, url: str) -> None:
    def drop_source(content: dict) -> None:
        del content["salaries"][0]["source"]

    edit(data_dir, "salaries.yml", drop_source)
    with pytest.raises(KnowledgeError) as error:
        load(data_dir, url)
    assert error.value.file == "salaries.yml"
    assert "missing field 'source'" in str(error.value)


def test_bad_choice_and_bad_yaml_are_named(data_dir: Path, url: str) -> None:
    def bad_category(content: dict) -> None:
        content["skills"][0]["category"] = "wizardry"

    edit(data_dir, "skills.yml", bad_category)
    with pytest.raises(KnowledgeError, match="'category' is 'wizardry'"):
        load(data_dir, url)
    (data_dir / "skills.yml").write_text("skills: [unclosed")
    with pytest.raises(KnowledgeError, match="skills.yml: \\(file\\): not valid YAML"):
        load(data_dir, url)


def test_unknown_role_category_in_a_topic_is_named(data_dir: Path, url: str) -> None:
    edit(data_dir, "topics.yml", lambda content: content["topics"][0].update(role_categories=["magic"]))
    expected = "topics.yml: topics '[a-z-]+': 'role_categories' has 'magic', expected one of framework"
    with pytest.raises(KnowledgeError, match=expected):
        load(data_dir, url)


def test_a_rejected_load_leaves_the_store_as_it_was(data_dir: Path, url: str) -> None:
    load(data_dir, url)
    before = table_rows(url)

    def break_it(content: dict) -> None:
        content["roles"][0]["skills"].append({"skill": "telepathy", "importance": "useful"})

    edit(data_dir, "roles.yml", break_it)
    with pytest.raises(KnowledgeError):
        load(data_dir, url)
    assert table_rows(url) == before


def test_cli_reports_a_data_error_without_a_traceback(
    data_dir: Path, url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    from actions.store.load.__main__ import main

    def break_it(content: dict) -> None:
        content["roles"][0]["skills"].append({"skill": "telepathy", "importance": "useful"})

    edit(data_dir, "roles.yml", break_it)
    monkeypatch.setenv("KNOWLEDGE_DIR", str(data_dir))
    monkeypatch.setenv("DATABASE_URL", url)
    assert main() == 1
    err = capsys.readouterr().err
    assert err.startswith("knowledge data error: roles.yml:") and "Traceback" not in err
