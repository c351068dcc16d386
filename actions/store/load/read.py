"""Reads the knowledge files and validates them whole: each entry against the schema, then the rules
across files, so nothing is written from data with a mistake in it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from actions.store.load.aliases import check_aliases
from actions.store.load.references import check_references
from actions.store.load.schema import SECTIONS, Content, Entry, Field, KnowledgeError, Section


def read_knowledge(directory: Path) -> Content:
    """Parses and validates every knowledge file; raises KnowledgeError on the first bad entry."""
    files: dict[str, Mapping[str, Any]] = {}
    content: Content = {}
    for section in SECTIONS:
        if section.file not in files:
            files[section.file] = _read_yaml(directory / section.file)
        entries = files[section.file].get(section.name)
        if not isinstance(entries, list) or not entries:
            raise KnowledgeError(section.file, section.name, "missing or empty list")
        content[section.name] = [_checked_entry(section, i, e) for i, e in enumerate(entries)]
    check_references(content)
    check_aliases(content)
    return content


def _read_yaml(path: Path) -> Mapping[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise KnowledgeError(path.name, "(file)", f"not found in {path.parent}") from None
    except yaml.YAMLError as error:
        raise KnowledgeError(path.name, "(file)", f"not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise KnowledgeError(path.name, "(file)", "expected a mapping at the top level")
    return data


def _checked_entry(section: Section, index: int, entry: Any) -> Entry:
    label = f"{section.name}[{index}]"
    if not isinstance(entry, dict):
        raise KnowledgeError(section.file, label, "expected a mapping")
    if isinstance(entry.get(section.id_field), str):
        label = f"{section.name} '{entry[section.id_field]}'"
    known = {f.name for f in section.fields}
    unknown = sorted(set(entry) - known)
    if unknown:
        raise KnowledgeError(section.file, label, f"unknown field(s) {', '.join(unknown)}")
    checked: Entry = {}
    for field in section.fields:
        value = entry.get(field.name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if field.required:
                raise KnowledgeError(section.file, label, f"missing field '{field.name}'")
            checked[field.name] = [] if field.kind is list else None
            continue
        checked[field.name] = _checked_value(section.file, label, field, value)
    return checked


def _checked_value(file: str, label: str, field: Field, value: Any) -> Any:
    if field.kind is float and isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if field.kind is dt.date and isinstance(value, dt.date):
        return value
    if field.kind is str and isinstance(value, (str, int)) and not isinstance(value, bool):
        value = str(value).strip()
        if field.choices and value not in field.choices:
            allowed = ", ".join(field.choices)
            raise KnowledgeError(file, label, f"'{field.name}' is '{value}', expected one of {allowed}")
        return value
    if field.kind is list and isinstance(value, list) and field.choices:
        for item in value:
            if item not in field.choices:
                allowed = ", ".join(field.choices)
                raise KnowledgeError(file, label, f"'{field.name}' has '{item}', expected one of {allowed}")
        return value
    if isinstance(value, field.kind) and not (field.kind is not bool and isinstance(value, bool)):
        return value
    raise KnowledgeError(file, label, f"'{field.name}' should be a {field.kind.__name__}")
