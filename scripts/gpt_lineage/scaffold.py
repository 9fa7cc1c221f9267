"""`gpt-lineage new`: write a model file with every required field present but unfinished.

Unknown facts are `TODO: hint` placeholders and empty source lists, which validation reports as
"fill in: hint" / "needs at least one source" — so `gpt-lineage validate` becomes the checklist.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from .loader import load_file
from .problems import DataError
from .validate import PLACEHOLDER, SCHEMA_DIR, _did_you_mean, schemas


class ScaffoldError(Exception):
    """A request `new` refuses (bad id, unknown parent, existing file): a usage error, not bad data."""


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _todo(hint: str) -> str:
    return _q(f"{PLACEHOLDER}: {hint}")


def _hint(description: str) -> str:
    """Schema descriptions read as hints: 'Display name, e.g. X.' -> 'display name, e.g. X'."""
    text = description.strip().rstrip(".")
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


def _registry_ids(data_dir: Path, kind: str) -> list[str]:
    """Ids in one registry file; raises DataError when the file cannot be read."""
    doc, problems = load_file(data_dir / f"{kind}.yaml")
    if doc is None:
        raise DataError(problems)
    items = doc.data.get(kind)
    return [i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)] \
        if isinstance(items, list) else []


def _modeline(models_dir: Path, parent_file: Path) -> str:
    """Reuse the parent file's modeline (the project's convention), else point at the packaged schema."""
    try:
        first = parent_file.read_text(encoding="utf-8").splitlines()[0]
        if first.startswith("# yaml-language-server:"):
            return first
    except (OSError, UnicodeDecodeError, IndexError):
        pass
    rel = os.path.relpath(SCHEMA_DIR / "model.schema.json", models_dir.resolve())
    return f"# yaml-language-server: $schema={Path(rel).as_posix()}"


def _organisation(parent_file: Path) -> str | None:
    """The parent's organisation, for the hint (None when its file does not say or cannot be read)."""
    doc, _ = load_file(parent_file)
    org = doc.data.get("organisation") if doc is not None and isinstance(doc.data, dict) else None
    return org if isinstance(org, str) else None


def model_template(model_id: str, parent: str, method: str, grades: list[str], modeline: str,
                   parent_organisation: str | None = None) -> str:
    """The text of a new model file; hints come from the schema where it has them."""
    schema = schemas()[0]
    props = schema["properties"]
    describe = lambda key, fallback: _hint(props.get(key, {}).get("description", fallback))  # noqa: E731
    series = ", ".join(props.get("series", {}).get("enum", []))
    date = _hint(schema.get("definitions", {}).get("date", {}).get("description", "YYYY, YYYY-MM or YYYY-MM-DD"))
    organisation = "who made the model, e.g. OpenAI" + (
        f" (the parent, {parent}, is {parent_organisation}'s)" if parent_organisation else "")
    grade_hint = "evidence grade id from grades.yaml" + (f": {', '.join(grades)}" if grades else "")
    return "\n".join([
        modeline,
        "# Written by `gpt-lineage new`. Replace every TODO and add source ids from sources.yaml,",
        "# then run `make validate` (or `.venv/bin/gpt-lineage validate`): it lists what is still missing.",
        f"id: {model_id}",
        f"name: {_todo(describe('name', 'display name'))}",
        f"api_name: {_todo(describe('api_name', 'the name in the OpenAI API, or null'))}",
        f"organisation: {_todo(organisation)}",
        f"series: {_todo('one of ' + series)}",
        "release:",
        f"  date: {_todo('release date: ' + date.split('.')[0])}",
        "  sources: []",
        "parameters:",
        f"  value: {_todo('parameter count as a whole number, or replace this line with undisclosed: true')}",
        "  sources: []",
        "context_window:",
        f"  value: {_todo('context window in tokens, or replace this line with undisclosed: true')}",
        "  sources: []",
        "training_data:",
        f"  text: {{en: {_todo(describe('training_data', 'what the model was trained on'))}}}",
        "  sources: []",
        f"summary: {{en: {_todo(describe('summary', 'what the model is and why it matters'))}}}",
        "parents:",
        f"  - model: {parent}",
        f"    method: {method}",
        f"    grade: {_todo(grade_hint)}",
        "    sources: []",
        "abilities: []",
        "sources: []",
        "",
    ])


def create_model(data_dir: Path, model_id: str, parent: str, method: str) -> Path:
    """Write data_dir/models/<model_id>.yaml; refuse bad ids, unknown parents/methods and overwrites."""
    data_dir = Path(data_dir)
    id_pattern = schemas()[0]["properties"]["id"]["pattern"]
    if not re.match(id_pattern, model_id):
        raise ScaffoldError(f"'{model_id}' is not a valid model id: use lower-case letters and digits "
                            "joined by - or . (e.g. gpt-3, gpt-4.1)")
    models_dir = data_dir / "models"
    target = models_dir / f"{model_id}.yaml"
    if target.exists():
        raise ScaffoldError(f"{target.as_posix()} already exists; not overwriting it")
    known_models = sorted(p.stem for p in models_dir.glob("*.yaml")) if models_dir.is_dir() else []
    if parent not in known_models:
        hint = _did_you_mean(parent, known_models) or f" (no {models_dir.as_posix()}/{parent}.yaml)"
        raise ScaffoldError(f"unknown parent '{parent}'{hint}")
    methods = _registry_ids(data_dir, "methods")
    if method not in methods:
        hint = _did_you_mean(method, methods) or f" (known: {', '.join(methods)})"
        raise ScaffoldError(f"unknown method '{method}'{hint}")
    try:
        grades = _registry_ids(data_dir, "grades")
    except DataError:
        grades = []  # only used for the hint; validate will report the broken file
    parent_file = models_dir / f"{parent}.yaml"
    text = model_template(model_id, parent, method, grades, _modeline(models_dir, parent_file), _organisation(parent_file))
    with open(target, "x", encoding="utf-8") as out:  # "x": never clobber a file created meanwhile
        out.write(text)
    return target
