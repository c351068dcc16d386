"""Entities are kept the way the training annotations mark them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
from rasa.shared.nlu.training_data.message import Message

from nlp.entity_filter import (
    EntityFilter,
    labels_by_intent,
    reconciled,
    unannotated_text,
    used_unannotated,
    without_backgrounds,
    without_subjects,
)

TRAINING = """version: "3.1"
nlu:
- intent: ask_skill_roles
  examples: |
    - which jobs need [calculus](skill)?
    - which jobs need [python](skill) for machine learning?
- intent: ask_salary
  examples: |
    - what does a [data scientist](role) earn in the [UK](country)?
- intent: ask_dl_vs_ml
  examples: |
    - is deep learning the same as machine learning?
- intent: ask_role
  examples: |
    - I know [SQL](skill), what does a [data engineer](role) do?
"""

STORE, DIET = "SpacyEntityExtractor", "DIETClassifier"


def entity(label: str, value: str, extractor: str = STORE, start: int = 0) -> dict[str, Any]:
    return {
        "entity": label,
        "value": value,
        "start": start,
        "end": start + len(value),
        "extractor": extractor,
    }


def examples() -> list[Message]:
    return RasaYAMLReader().reads(TRAINING).intent_examples


def test_labels_come_from_each_intents_annotations() -> None:
    labels = labels_by_intent(examples())
    assert labels == {
        "ask_skill_roles": {"skill"},
        "ask_salary": {"role", "country"},
        "ask_dl_vs_ml": set(),
        "ask_role": {"role"},  # its skill is one the learner states, not one the question takes
    }


def test_a_skill_outside_a_statement_is_dropped_where_the_intent_takes_only_stated_ones() -> None:
    labels = labels_by_intent(examples())
    text = "what does a software engineer working on AI do? I know SQL"
    ai = entity("skill", "AI", STORE, text.index("AI"))
    sql = entity("skill", "SQL", STORE, text.index("SQL"))
    role = entity("role", "software engineer", STORE, text.index("software"))
    statements = [(text.index("I know"), len(text))]
    assert reconciled([role, ai, sql], "ask_role", labels, {}, statements) == [role, sql]


def test_only_the_intents_labels_are_kept() -> None:
    labels = {"ask_salary": {"role", "country"}, "ask_dl_vs_ml": set()}
    found = [entity("skill", "ML"), entity("role", "ML engineer"), entity("country", "UK")]
    assert reconciled(found, "ask_salary", labels, {}) == found[1:]
    assert reconciled(found, "ask_dl_vs_ml", labels, {}) == []
    assert reconciled(found, None, labels, {}) == found  # an intent training never saw


def test_a_role_the_store_names_is_kept_in_a_question_on_skills_in_general() -> None:
    labels = {"ask_skills": set()}
    text = "and for the deep learning engineer what skills matter most?"
    named = entity("role", "deep learning engineer", STORE, text.index("deep"))
    guessed = entity("role", "deep learning engineer", DIET, text.index("deep"))
    skill = entity("skill", "deep learning", STORE, text.index("deep"))
    assert reconciled([named, skill], "ask_skills", labels, {}) == [named]
    assert reconciled([guessed], "ask_skills", labels, {}) == []  # only DIET's: not kept
    assert reconciled([named], "ask_dl_vs_ml", {"ask_dl_vs_ml": set()}, {}) == []


def test_unannotated_text_is_kept_per_intent() -> None:
    unannotated = unannotated_text(examples(), labels_by_intent(examples()))
    # "machine learning" is left unannotated by an ask_skill_roles example; ask_dl_vs_ml annotates
    # nothing, so none of its entities is kept and its text need not be stored.
    assert used_unannotated("Machine Learning", "ask_skill_roles", unannotated)
    assert not used_unannotated("calculus", "ask_skill_roles", unannotated)  # only ever annotated
    assert not used_unannotated("machine learning", "ask_salary", unannotated)
    assert "ask_dl_vs_ml" not in unannotated


def test_a_name_used_both_ways_needs_diet_to_agree() -> None:
    labels = {"ask_courses": {"skill"}, "inform_skills": {"skill"}}
    unannotated = {"ask_courses": ["is the stanford machine learning course any good"]}
    store = entity("skill", "machine learning", STORE, 16)
    assert reconciled([store], "ask_courses", labels, unannotated) == []
    agreeing = entity("skill", "machine learning", DIET, 16)
    # (DIET agreeing keeps the store name, which stands for both)
    assert reconciled([store, agreeing], "ask_courses", labels, unannotated) == [store]
    # an intent whose examples never leave the name unannotated keeps it ("I know machine learning")
    assert reconciled([store], "inform_skills", labels, unannotated) == [store]
    # so does a name no example leaves unannotated, e.g. one just added to the store
    new = entity("skill", "quantum annealing", STORE, 16)
    assert reconciled([new], "ask_courses", labels, unannotated) == [new]


def test_the_stores_label_stands_where_diet_disagrees() -> None:
    labels = {"inform_skills": {"skill", "role"}}
    store = entity("skill", "natural language processing", STORE, 17)
    diet = entity("role", "natural language processing", DIET, 17)
    elsewhere = entity("role", "data analyst", DIET, 60)
    assert reconciled([store, diet, elsewhere], "inform_skills", labels, {}) == [store, elsewhere]


def test_pieces_of_a_store_name_are_the_whole_name() -> None:
    labels = {"ask_skill": {"skill"}}
    whole = entity("skill", "Apache Kafka", STORE, 8)
    pieces = [entity("skill", "Apache", DIET, 8), entity("skill", "Kafka", DIET, 15)]
    same = entity("skill", "Apache Kafka", DIET, 8)
    other = entity("skill", "SQL", DIET, 30)
    assert reconciled([whole, *pieces, same, other], "ask_skill", labels, {}) == [whole, other]


def test_a_longer_diet_span_around_a_store_name_is_kept() -> None:
    labels = {"ask_salary": {"skill", "role"}}
    store = entity("skill", "ML", STORE, 7)
    diet = entity("role", "ML enginers", DIET, 7)
    assert reconciled([store, diet], "ask_salary", labels, {}) == [store, diet]
    # ... and so is DIET's entity where the store name it disputes is dropped as used both ways
    shorter = entity("role", "ML", DIET, 7)
    assert reconciled([store, shorter], "ask_salary", labels, {"ask_salary": ["what is ml"]}) == [shorter]


def test_a_skill_the_learner_states_is_kept_whatever_the_question() -> None:
    labels = {"ask_dl_vs_ml": set(), "inform_skills": {"skill"}}
    unannotated = {"inform_skills": ["i ve been coding for years"]}
    text = "I know a bit of python and coding, what's the difference between ML and deep learning?"
    python = entity("skill", "python", STORE, text.index("python"))
    coding = entity("skill", "coding", STORE, text.index("coding"))
    ml = entity("skill", "ML", STORE, text.index("ML"))
    statements = [(0, text.index("what"))]
    # Python is stated; "coding" is judged as inform_skills examples use it (unannotated there, so
    # kept only where DIET marks it); "ML" is in the question, which annotates no skills.
    assert reconciled([python, coding, ml], "ask_dl_vs_ml", labels, unannotated, statements) == [python]
    assert reconciled([python, coding, ml], "ask_dl_vs_ml", labels, unannotated) == []


def parse(component: EntityFilter, intent: str | None, entities: list[dict[str, Any]]) -> list:
    message = Message(data={TEXT: "...", INTENT: {"name": intent, "confidence": 0.9}, ENTITIES: entities})
    return [e["value"] for e in component.process([message])[0].get(ENTITIES)]


def test_a_role_only_diet_found_before_a_subject_noun_is_dropped() -> None:
    text = "Do they need a computer science degree?"
    subject = entity("role", "computer", DIET, start=15)
    assert without_subjects([subject], text) == []
    text = "what does a zookeeper do?"
    unknown = entity("role", "zookeeper", DIET, start=12)
    assert without_subjects([unknown], text) == [unknown]  # a job the store lacks: "did you mean"
    text = "do data scientists need a degree?"
    store = entity("role", "data scientists", STORE, start=3)
    assert without_subjects([store], text) == [store]
    text = "what physics background do they need?"
    skill = entity("skill", "physics", DIET, start=5)
    assert without_subjects([skill], text) == [skill]


def test_a_role_only_diet_found_in_a_statement_beside_a_named_one_is_dropped() -> None:
    text = "I build web apps with javascript. what does an ML engineer need?"
    statements = [(0, text.index("."))]
    web = entity("role", "web", DIET, text.index("web"))
    named = entity("role", "ML engineer", STORE, text.index("ML"))
    assert without_backgrounds([web, named], statements) == [named]
    assert without_backgrounds([web], statements) == [web]  # no other role: the actions ask
    asked = entity("role", "web", DIET, text.index("what"))
    assert without_backgrounds([asked, named], statements) == [asked, named]  # not in the statement


def test_trained_filter_survives_saving_and_loading(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    resource = Resource("entity_filter")
    context = ExecutionContext(GraphSchema({}), "test")
    trained = EntityFilter.create({}, storage, resource, context)
    trained.train(RasaYAMLReader().reads(TRAINING))
    loaded = EntityFilter.load({}, storage, resource, context)
    found = [entity("skill", "machine learning"), entity("role", "data scientist", start=20)]
    for component in (trained, loaded):
        assert parse(component, "ask_dl_vs_ml", found) == []
        assert parse(component, "ask_salary", found) == ["data scientist"]
        assert parse(component, "ask_skill_roles", found) == []  # used both ways, DIET didn't mark it
        assert parse(component, "ask_skill_roles", [entity("skill", "calculus")]) == ["calculus"]
