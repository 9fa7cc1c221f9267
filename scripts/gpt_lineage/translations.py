"""TRANSLATIONS: documents -> which human-readable texts still lack Chinese.

Every human-readable text in the data is an object `{en: ..., zh: ...}` (the schemas' `text` and
`bilingual` definitions). English is required; Chinese may follow later, and the site shows the
English, marked as not yet translated, until it does. This module finds the texts whose `zh` is
missing or blank, one Problem each, positioned where the text object was written, and counts how
many texts the data holds and how many are translated.

Which fields hold texts is read from the JSON Schemas, so a text field added to a schema is covered
without touching this file. Nothing here raises on bad data: shapes that do not fit are skipped
(the schema check reports them).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Iterator

from .loader import REGISTRY_KINDS, Document, field_path, select
from .problems import Problem

MESSAGE = "missing Chinese (zh) translation"
# Schema definitions whose values are {en, zh} texts.
_TEXT_DEFINITIONS = ("text", "bilingual")


@dataclass
class TranslationReport:
    """Texts without Chinese (as Problems, sorted), and how many texts are translated of all."""

    missing: list[Problem] = field(default_factory=list)
    translated: int = 0
    total: int = 0

    def summary(self) -> str:
        """`zh: 412/412 texts translated`, as the validator's summary line ends."""
        return f"zh: {self.translated}/{self.total} texts translated"


# --------------------------------------------------------------------------- where texts live

def _resolve(ref: str, base: str, roots: dict[str, dict]) -> tuple[Any, str] | None:
    """The schema node a `$ref` points at, and the file it lives in; None if it cannot be found."""
    file, _, pointer = ref.partition("#")
    target_base = file or base
    target: Any = roots.get(target_base)
    if target is None:
        return None
    for key in filter(None, pointer.split("/")):
        key = key.replace("~1", "/").replace("~0", "~")
        if not isinstance(target, dict) or key not in target:
            return None
        target = target[key]
    return target, target_base


def _is_text_ref(ref: str) -> bool:
    _, _, pointer = ref.partition("#")
    parts = pointer.strip("/").split("/")
    return len(parts) == 2 and parts[0] == "definitions" and parts[1] in _TEXT_DEFINITIONS


def _text_patterns(node: Any, base: str, roots: dict[str, dict], pattern: tuple = (),
                   depth: int = 0) -> Iterator[tuple]:
    """Key patterns ("*" = every list item) of the text objects a schema node describes."""
    if not isinstance(node, dict) or depth > 12:
        return
    ref = node.get("$ref")
    if isinstance(ref, str):
        if _is_text_ref(ref):
            yield pattern
            return
        resolved = _resolve(ref, base, roots)
        if resolved is not None:
            yield from _text_patterns(resolved[0], resolved[1], roots, pattern, depth + 1)
        return
    for key, child in (node.get("properties") or {}).items():
        yield from _text_patterns(child, base, roots, pattern + (key,), depth + 1)
    items = node.get("items")
    if isinstance(items, dict):
        yield from _text_patterns(items, base, roots, pattern + ("*",), depth + 1)
    for combinator in ("oneOf", "anyOf", "allOf"):
        for child in node.get(combinator) or []:
            yield from _text_patterns(child, base, roots, pattern, depth + 1)


@functools.cache
def text_patterns() -> dict[str, tuple[tuple, ...]]:
    """Document kind -> key patterns of its text objects, e.g. 'model' -> (('summary',), …)."""
    from .validate import schemas  # the schemas as the validator reads them

    model, registry = schemas()
    roots = {"model.schema.json": model, "registry.schema.json": registry}
    out = {"model": tuple(dict.fromkeys(_text_patterns(model, "model.schema.json", roots)))}
    for kind in REGISTRY_KINDS:
        node = (registry.get("properties") or {}).get(kind)
        found = _text_patterns(node, "registry.schema.json", roots, (kind,)) if node else iter(())
        out[kind] = tuple(dict.fromkeys(found))
    return out




# --------------------------------------------------------------------------- the check

def texts(doc: Document) -> Iterator[tuple[tuple, dict]]:
    """Every text object (a mapping with `en`) in one document, with its key path, in file order."""
    found = []
    for pattern in text_patterns().get(doc.kind, ()):
        for keys, value in select(doc.data, pattern):
            if isinstance(value, dict) and "en" in value:
                found.append((doc.where(keys), keys, value))
    for _, keys, value in sorted(found, key=lambda f: (f[0], field_path(f[1]))):
        yield keys, value


def has_chinese(text: dict) -> bool:
    zh = text.get("zh")
    return isinstance(zh, str) and bool(zh.strip())


def check_translations(documents: list[Document]) -> TranslationReport:
    """Every text without a non-empty `zh`, as a Problem naming its file, line, column and field."""
    report = TranslationReport()
    for doc in documents:
        for keys, text in texts(doc):
            report.total += 1
            if has_chinese(text):
                report.translated += 1
                continue
            line, col = doc.where(keys)
            report.missing.append(Problem(doc.path, line, col, field_path(keys), MESSAGE))
    report.missing.sort()
    return report


def warning_line(problem: Problem) -> str:
    """`path:line:col: field: warning: message`: the problem format, marked as a warning."""
    return f"{problem.path}:{problem.line}:{problem.col}: {problem.field or '(file)'}: warning: {problem.message}"
