"""VALIDATE: documents -> Problems. The JSON Schemas describe one file; the rules below span files.

Schema errors are translated into short sentences a contributor can act on; every cross-file rule
is one function returning Problems, listed in RULES. Nothing here raises on bad data.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import inspect
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable, Iterator

from jsonschema import Draft7Validator
from jsonschema.validators import extend
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from .loader import REGISTRY_KINDS, Document, display_path, field_path, load_data_dir, select
from .model import OPENAI
from .problems import Problem

SCHEMA_DIR = Path(__file__).parent / "schemas"
PLACEHOLDER = "TODO"


# --------------------------------------------------------------------------- schemas

@functools.cache
def schemas() -> tuple[dict, dict]:
    """(model schema, registry schema), read once from the package."""
    model = json.loads((SCHEMA_DIR / "model.schema.json").read_text(encoding="utf-8"))
    registry = json.loads((SCHEMA_DIR / "registry.schema.json").read_text(encoding="utf-8"))
    return model, registry


# Draft 7 counts 4000.0 as an integer; our counts must be written (and built) as whole numbers.
_StrictIntegers = extend(Draft7Validator, type_checker=Draft7Validator.TYPE_CHECKER.redefine(
    "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool)))


@functools.cache
def _validators() -> dict[str, Draft7Validator]:
    model, registry = schemas()
    store = Registry().with_resources([
        ("model.schema.json", Resource.from_contents(model, default_specification=DRAFT7)),
        ("registry.schema.json", Resource.from_contents(registry, default_specification=DRAFT7)),
    ])
    roots = {"model.schema.json": model, "registry.schema.json": registry}
    return {"model": _StrictIntegers(_inline_refs(model, "model.schema.json", roots), registry=store),
            "registry": _StrictIntegers(_inline_refs(registry, "registry.schema.json", roots), registry=store)}


def _inline_refs(node: Any, base: str, roots: dict[str, dict], depth: int = 0) -> Any:
    """The schema with every `$ref` replaced by what it points at (Draft 7 ignores a `$ref`'s
    siblings), so validation does not resolve references per value: a third of its time at 1,000
    models. The schemas have no recursive references; past a small depth a `$ref` is left as is."""
    if isinstance(node, list):
        return [_inline_refs(x, base, roots, depth) for x in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str) and depth < 8:
        file, _, pointer = ref.partition("#")
        target_base = file or base
        if target_base in roots:
            target: Any = roots[target_base]
            for key in filter(None, pointer.split("/")):
                target = target[key.replace("~1", "/").replace("~0", "~")]
            if target_base == base:
                return _inline_refs(target, base, roots, depth + 1)
            # A reference into the other file: any `$ref` inside it is relative to that file.
            return _inline_refs(target, target_base, roots, depth + 1)
    return {k: (v if k == "definitions" else _inline_refs(v, base, roots, depth)) for k, v in node.items()}


def _dig(tree: dict, *keys: str) -> Any:
    for key in keys:
        tree = tree.get(key, {}) if isinstance(tree, dict) else {}
    return tree


@functools.cache
def _pattern_messages() -> dict[str, Callable[[str], str]]:
    """Plain sentences for the schema's regexes, keyed by the regex text read from the schema itself."""
    model, registry = schemas()

    def url(value: str) -> str:
        scheme = value.split(":", 1)[0].lower() if ":" in value else ""
        if scheme and scheme not in ("http", "https"):
            return f"'{_clip(value)}' is not allowed: links must start with http:// or https:// (not {scheme}:)"
        if re.search(r"\s", value):
            return f"'{_clip(value)}' is not a URL: it contains spaces"
        if not re.match(r"(?i)https?://", value):
            return f"'{_clip(value)}' is not a URL: links must start with http:// or https://"
        if "\\" in value:
            return f"'{_clip(value)}' is not allowed: it contains a backslash, which browsers read as '/'"
        authority = re.split(r"[/?#]", value.split("://", 1)[1], maxsplit=1)[0]
        if "@" in authority:
            user, host = authority.rsplit("@", 1)
            return (f"'{_clip(value)}' is not allowed: it carries user information ('{_clip(user, 30)}@') before "
                    f"the host, so it reads like {_clip(user.split(':')[0], 30)} but opens {_clip(host, 30) or 'nothing'}; "
                    "write the link without it")
        host = authority.rsplit(":", 1)[0] if re.search(r":[0-9]*$", authority) else authority
        if not host.strip("."):
            return f"'{_clip(value)}' is not a URL: it names no host (write https://host/…)"
        return (f"'{_clip(value)}' is not a URL: write http(s)://host[:port]/path, the host without "
                "'%', ':', '[', ']' or '@'")

    def blank(value: str) -> str:
        return "is blank (only spaces or invisible characters): write the text"

    table = {
        _dig(model, "definitions", "date", "pattern"): lambda v: (
            f"'{_clip(v)}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD (month 01-12, day 01-31), in quotes"),
        _dig(model, "definitions", "id", "pattern"): lambda v: (
            f"'{_clip(v)}' is not a valid id: use lower-case letters and digits joined by - _ or . (e.g. gpt-3)"),
        _dig(model, "properties", "id", "pattern"): lambda v: (
            f"'{_clip(v)}' is not a valid model id: use lower-case letters and digits joined by - or . (e.g. gpt-3, gpt-4.1)"),
        _dig(model, "definitions", "url", "pattern"): url,
        _dig(model, "definitions", "shortString", "pattern"): blank,
        _dig(registry, "definitions", "hexColor", "pattern"): lambda v: f"'{_clip(v)}' is not a colour: write #rrggbb",
        _dig(registry, "properties", "methods", "items", "properties", "marker", "pattern"): lambda v: (
            f"'{_clip(v)}' is not a marker: 1 to 8 letters, digits, +, / or -"),
        _dig(registry, "properties", "sources", "items", "properties", "arxiv", "pattern"): lambda v: (
            f"'{_clip(v)}' is not an arXiv id: write NNNN.NNNNN, e.g. 2203.02155"),
    }
    return {k: v for k, v in table.items() if isinstance(k, str)}


# --------------------------------------------------------------------------- helpers

def _clip(text: Any, limit: int = 60) -> str:
    text = str(text).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _problem(doc: Document, keys: tuple, message: str, at: tuple | None = None) -> Problem:
    """A Problem naming field `keys`, positioned at `at` (default: the field itself)."""
    line, col = doc.where(keys if at is None else at)
    return Problem(doc.path, line, col, field_path(keys), message)


def is_placeholder(value: Any) -> bool:
    """`TODO` or `TODO: hint` — what `gpt-lineage new` writes for fields a human must fill in."""
    return isinstance(value, str) and (value == PLACEHOLDER or value.startswith(PLACEHOLDER + ":"))


def _walk(value: Any, keys: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """Every (path, value) in a plain structure, parents before children."""
    yield keys, value
    if isinstance(value, dict):
        for key, child in value.items():
            yield from _walk(child, keys + (key,))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            yield from _walk(child, keys + (i,))




def _suggest(value: str, known: Iterable[str]) -> list[str]:
    known = sorted(set(known))
    close = difflib.get_close_matches(value, known, n=3, cutoff=0.6)
    prefix = [k for k in known if value and (k.startswith(value) or value.startswith(k))]
    return list(dict.fromkeys(close + prefix))[:3]


MAX_LISTED = 20  # an "unknown …" message lists the valid choices when there are at most this many


def _choices(known: Iterable[str], where: str) -> str:
    """' (valid: a, b, c)' for a short set, else where to look and how many there are."""
    known = sorted(set(known))
    if not known:
        return f" (there are none yet in {where})"
    if len(known) <= MAX_LISTED:
        return f" (valid: {', '.join(known)})"
    return f" (not among the {len(known)} in {where})"


def _did_you_mean(value: str, known: Iterable[str]) -> str:
    options = [f"'{o}'" for o in _suggest(value, known)]
    if not options:
        return ""
    joined = options[0] if len(options) == 1 else ", ".join(options[:-1]) + " or " + options[-1]
    return f" (did you mean {joined}?)"


# --------------------------------------------------------------------------- schema errors

_TYPE_NAMES = {"object": "a mapping (key: value)", "array": "a list", "string": "a string", "integer": "an integer",
               "number": "a number", "boolean": "true or false", "null": "null"}
_CHOICE_EXAMPLES = {"value": "value: N", "undisclosed": "undisclosed: true",
                    "arxiv": "arxiv: NNNN.NNNNN", "url": "url: https://…"}


def _describe(doc: Document, keys: tuple, value: Any) -> str:
    """What the author gave, naming YAML 1.1's silent conversions by the text they came from."""
    raw = doc.raw.get(keys)
    if value is None:
        return "an empty value" if raw in (None, "") else f"null from unquoted '{raw}'"
    if isinstance(value, bool):
        what = f"boolean {value}"
    elif isinstance(value, int):
        what = f"integer {value}"
    elif isinstance(value, float):
        what = f"number {value}"
    elif isinstance(value, str):
        return f"text '{_clip(value)}'"
    elif isinstance(value, list):
        return "a list"
    else:
        return "a mapping"
    return f"{what} from unquoted '{raw}'" if raw is not None else what


def _coerced(doc: Document, keys: tuple, value: Any) -> bool:
    return keys in doc.raw and not isinstance(value, str)


def _coercion_message(doc: Document, keys: tuple, value: Any) -> str:
    if value is None and doc.raw.get(keys, "") == "":
        return "expected a string, got an empty value: fill it in"
    return f"expected a string, got {_describe(doc, keys, value)} — quote it"


def _type_message(doc: Document, err) -> str:
    keys, value = tuple(err.absolute_path), err.instance
    expected = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
    if "string" in expected and _coerced(doc, keys, value):
        return _coercion_message(doc, keys, value)
    if expected == ["object"] and set(_dig(err.schema, "properties")) == {"en", "zh"} and isinstance(value, str):
        return "expected text as a mapping: write `en: \"...\"` (and optionally `zh: \"...\"`) under this key"
    if isinstance(value, str) and ("integer" in expected or "number" in expected):
        try:
            number = float(value.replace("_", "").replace(",", ""))
        except ValueError:
            number = None
        if number is not None and number.is_integer() and abs(number) < 1e18:
            return f"expected {_TYPE_NAMES[expected[0]]}, got text '{_clip(value)}' — write the number out: {int(number)}"
    names = " or ".join(_TYPE_NAMES.get(t, t) for t in expected)
    if "integer" in expected and isinstance(value, float) and value.is_integer():
        return f"expected {names}, got {_describe(doc, keys, value)} — write {int(value)}"
    return f"expected {names}, got {_describe(doc, keys, value)}"


def _choice_message(err) -> str | None:
    """oneOf/anyOf whose branches only say which key must be present (parameters, sources)."""
    branches = err.validator_value
    if not all(isinstance(b, dict) and set(b) == {"required"} for b in branches):
        return None
    names = [name for b in branches for name in b["required"]]
    wording = " or ".join(_CHOICE_EXAMPLES.get(n, f"{n}: …") for n in names)
    present = [n for n in names if isinstance(err.instance, dict) and n in err.instance]
    if err.validator == "oneOf" and len(present) > 1:
        return f"give {wording}, not both"
    return f"give {wording}"


def _enum_message(doc: Document, err) -> str:
    keys, value = tuple(err.absolute_path), err.instance
    allowed = ", ".join(json.dumps(v, ensure_ascii=False) for v in err.validator_value)
    got = _describe(doc, keys, value)
    hint = " — quote it" if _coerced(doc, keys, value) and any(isinstance(v, str) for v in err.validator_value) else ""
    return f"must be one of {allowed}; got {got}{hint}"


def _min_items_message(keys: tuple, err) -> str:
    if keys and keys[-1] == "sources":
        if len(keys) >= 3 and keys[0] == "parents":
            return "every parent link needs at least one source id from sources.yaml"
        if len(keys) >= 3 and keys[0] == "abilities" and isinstance(keys[1], int):
            return "every ability change needs at least one source id from sources.yaml"
        return "needs at least one source id from sources.yaml"
    n = err.validator_value
    return f"needs at least {n} item{'s' if n != 1 else ''}, got {len(err.instance)}"


def _translate(doc: Document, err) -> list[Problem]:
    """One jsonschema error -> Problems with plain messages, positioned on the field they name."""
    keys, value, kind = tuple(err.absolute_path), err.instance, err.validator
    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = list(_dig(err.schema, "properties"))
        out = []
        for extra in (k for k in value if k not in allowed):
            hint = _did_you_mean(extra, allowed) or f" (allowed: {', '.join(allowed)})"
            out.append(_problem(doc, keys + (extra,), f"unknown field '{_clip(extra)}'{hint}"))
        return out
    if kind == "required" and isinstance(value, dict):
        return [_problem(doc, keys + (name,), "required field missing", at=keys)
                for name in err.validator_value if name not in value]
    if kind == "type":
        message = _type_message(doc, err)
    elif kind in ("oneOf", "anyOf"):
        message = _choice_message(err)
        if message is None:
            subs = list(err.context)
            if _coerced(doc, keys, value) and any(s.validator == "type" and "string" in str(s.validator_value)
                                                  for s in subs):
                message = _coercion_message(doc, keys, value)
            elif subs and all(s.validator == "type" for s in subs):
                names = " or ".join(dict.fromkeys(_TYPE_NAMES.get(s.validator_value, str(s.validator_value))
                                                  for s in subs))
                message = f"expected {names}, got {_describe(doc, keys, value)}"
            else:
                specific = [s for s in subs if s.validator != "type"]
                if specific:
                    return _translate(doc, specific[0])
                message = "does not match any allowed form"
    elif kind == "enum":
        message = _enum_message(doc, err)
    elif kind == "const":
        if keys and keys[-1] == "undisclosed":
            message = "must be true: write undisclosed: true, or remove it and give value: N"
        else:
            message = f"must be {json.dumps(err.validator_value)}"
    elif kind == "pattern":
        if value == "" and "minLength" in err.schema:
            return []  # "must not be empty" says it already
        describe = _pattern_messages().get(err.validator_value)
        message = describe(value) if describe else f"'{_clip(value)}' does not match {err.validator_value}"
    elif kind == "minItems":
        message = _min_items_message(keys, err)
    elif kind == "uniqueItems":
        seen, twice = [], []
        for item in value:
            (twice if item in seen else seen).append(item)
        message = f"lists {', '.join(repr(_clip(t)) for t in twice)} more than once"
    elif kind == "minLength":
        message = "must not be empty" if value == "" else f"is too short (at least {err.validator_value} characters)"
    elif kind == "maxLength":
        message = f"is too long: {len(value)} characters, at most {err.validator_value}"
    elif kind == "minimum":
        message = f"must be at least {err.validator_value}, got {value}"
    elif kind == "maximum":
        message = f"must be at most {err.validator_value}, got {value}"
    elif kind in ("minProperties", "maxProperties") and not keys:
        found = ", ".join(f"'{_clip(k)}'" for k in value) or "nothing"
        message = f"a registry file holds exactly one list named after the file (e.g. abilities:); found {found}"
    else:
        message = _clip(err.message, 200)
    return [_problem(doc, keys, message)]


def _quiet_paths(doc: Document) -> tuple[set[tuple], set[tuple]]:
    """Paths where schema errors would only repeat another message: placeholders, and bad load values."""
    placeholders = {keys for keys, value in _walk(doc.data) if is_placeholder(value)}
    return placeholders, set(doc.bad)


# path -> (the document's contents, its schema problems): `mkdocs serve` validates every file on
# every save, and JSON Schema is the costly part; only the edited file is checked again.
_SCHEMA_CHECKED: dict[str, tuple[str, list[Problem]]] = {}


def schema_problems(doc: Document) -> list[Problem]:
    """Problems from the JSON Schema for one document (model or registry)."""
    key = repr((doc.kind, doc.data, list(doc.positions.items()), list(doc.raw.items()), sorted(map(repr, doc.bad))))
    checked = _SCHEMA_CHECKED.get(doc.path)
    if checked is not None and checked[0] == key:
        return list(checked[1])
    problems = _schema_problems(doc)
    _SCHEMA_CHECKED[doc.path] = (key, problems)
    return list(problems)


def _schema_problems(doc: Document) -> list[Problem]:
    validator = _validators()["model" if doc.kind == "model" else "registry"]
    placeholders, bad = _quiet_paths(doc)
    out: list[Problem] = []
    for err in validator.iter_errors(doc.data):
        keys = tuple(err.absolute_path)
        if keys in placeholders or any(keys[: len(b)] == b for b in bad):
            continue
        out += _translate(doc, err)
    flagged = {p.field for p in out}
    out += [p for p in _number_form_problems(doc) if p.field not in flagged]
    return out


# A number must be written the way a reader reads it: decimal digits, optionally grouped with _
# (175_000_000_000). YAML 1.1 also reads 02000 as octal, 0x800 as hex, 0b101 as binary and 1:20 as
# sexagesimal (base 60); those values would be silently wrong.
_DECIMAL_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*)")
_DECIMAL_FLOAT = re.compile(r"[-+]?([0-9][0-9_]*)?\.[0-9_]*([eE][-+]?[0-9]+)?")


def _number_form(raw: str) -> str | None:
    """What YAML 1.1 notation `raw` is in, or None when it is plain decimal."""
    text = raw.replace("_", "").lstrip("+-")
    if _DECIMAL_INT.fullmatch(raw) or _DECIMAL_FLOAT.fullmatch(raw):
        return None
    if ":" in text:
        return "sexagesimal (base 60)"
    if text.lower().startswith("0x"):
        return "hexadecimal"
    if text.lower().startswith("0b"):
        return "binary"
    if text.startswith("0"):
        return "octal"
    return "a YAML 1.1 number form"


def _number_form_problems(doc: Document) -> list[Problem]:
    """Numbers YAML 1.1 read from a non-decimal spelling, quoting the text as written."""
    out = []
    for keys, value in _walk(doc.data):
        raw = doc.raw.get(keys)
        if raw is None or isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        form = _number_form(raw)
        if form is not None:
            out.append(_problem(doc, keys, f"'{_clip(raw)}' is {form} in YAML 1.1 (read as {value}): write numbers "
                                           "in plain decimal digits, optionally grouped with _ (e.g. 175_000_000_000)"))
    return out


# --------------------------------------------------------------------------- cross-file rules

@dataclass
class Index:
    """What the rules need to see across files, built once per validation."""

    documents: list[Document]
    unreadable: set[str] = field(default_factory=set)  # display paths that exist but failed to load
    directory: str | None = None  # display path of the data directory, when known

    @functools.cached_property
    def models(self) -> list[Document]:
        return [d for d in self.documents if d.kind == "model" and isinstance(d.data, dict)]

    @functools.cached_property
    def by_model_id(self) -> dict[str, Document]:
        """First document per model id (duplicates are check_model_ids_unique's business)."""
        out: dict[str, Document] = {}
        for doc in self.models:
            mid = doc.data.get("id")
            if isinstance(mid, str) and mid not in out:
                out[mid] = doc
        return out

    def registry(self, kind: str) -> Document | None:
        return next((d for d in self.documents if d.kind == kind), None)

    @functools.cached_property
    def data_dir(self) -> str:
        if self.directory is not None:
            return self.directory
        for doc in self.documents:
            path = PurePosixPath(doc.path)
            return str(path.parent.parent if doc.kind == "model" else path.parent)
        return "data"

    def _unreadable_stems(self, models: bool) -> set[str]:
        return {PurePosixPath(p).stem for p in self.unreadable
                if (PurePosixPath(p).parent.name == "models") == models}

    def known(self, kind: str) -> set[str] | None:
        """Ids that exist for `kind` ("model" or a registry); None when we cannot tell (file broken)."""
        if kind == "model":
            return set(self.by_model_id) | self._unreadable_stems(models=True)
        if kind in self._unreadable_stems(models=False):
            return None
        doc = self.registry(kind)
        if doc is None or not isinstance(doc.data.get(kind), list):
            return None
        key = "en" if kind == "glossary" else "id"
        return {item[key] for item in doc.data[kind] if isinstance(item, dict) and isinstance(item.get(key), str)}


def check_model_id_matches_file(index: Index) -> list[Problem]:
    """A model's id is its file name, so links and URLs can be guessed from either."""
    out = []
    for doc in index.models:
        mid, stem = doc.data.get("id"), PurePosixPath(doc.path).stem
        if isinstance(mid, str) and mid != stem and not is_placeholder(mid):
            out.append(_problem(doc, ("id",), f"id '{_clip(mid)}' does not match the file name '{stem}.yaml'; "
                                              "rename one so they agree"))
    return out


def check_model_ids_unique(index: Index) -> list[Problem]:
    out = []
    for doc in index.models:
        mid = doc.data.get("id")
        first = index.by_model_id.get(mid) if isinstance(mid, str) else None
        if first is not None and first is not doc:
            out.append(_problem(doc, ("id",), f"model id '{mid}' is already used by {first.path}"))
    return out


def term_key(text: str) -> str:
    """How glossary terms and abbreviations are compared: Unicode compatibility form (NFKC: full-width
    letters, ligatures), case folded, surrounding spaces dropped and inner runs of spaces made one."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _duplicates(doc: Document, key: str, normalise: Callable[[str], str]) -> list[Problem]:
    """Items of a registry list whose `key` repeats an earlier one's (after `normalise`), naming both."""
    out = []
    first: dict[str, int] = {}
    for i, item in enumerate(doc.data[doc.kind]):
        value = item.get(key) if isinstance(item, dict) else None
        if not isinstance(value, str) or is_placeholder(value):
            continue
        norm = normalise(value)
        if norm not in first:
            first[norm] = i
            continue
        line = doc.where((doc.kind, first[norm], key))[0]
        earlier = doc.data[doc.kind][first[norm]][key]
        same = "" if earlier == value else (f", as '{_clip(earlier)}'; compared ignoring case, surrounding "
                                            "spaces and Unicode width (NFKC)")
        out.append(_problem(doc, (doc.kind, i, key), f"duplicate {key} '{_clip(value)}' (first at line {line}{same})"))
    return out


def check_registry_ids_unique(index: Index) -> list[Problem]:
    """Ids within each registry appear once; glossary terms (`en`) and abbreviations (`abbr`) too,
    compared by `term_key`, since readers cannot tell ' RLHF', 'rlhf' and 'ＲＬＨＦ' apart."""
    out = []
    for doc in index.documents:
        if doc.kind not in REGISTRY_KINDS or not isinstance(doc.data.get(doc.kind), list):
            continue
        if doc.kind == "glossary":
            out += _duplicates(doc, "en", term_key) + _duplicates(doc, "abbr", term_key)
        else:
            out += _duplicates(doc, "id", lambda value: value)
    return out


def check_registry_files(index: Index) -> list[Problem]:
    """Each registry kind is present exactly once, in the file named after it."""
    out = []
    seen: dict[str, Document] = {}
    for doc in index.documents:
        if doc.kind == "model" or doc.kind not in REGISTRY_KINDS:
            continue
        stem = PurePosixPath(doc.path).stem
        if stem != doc.kind:
            out.append(_problem(doc, (doc.kind,), f"this file holds '{doc.kind}', but that registry belongs in "
                                                  f"{doc.kind}.yaml"))
        if doc.kind in seen:
            out.append(_problem(doc, (doc.kind,), f"registry '{doc.kind}' is already defined in {seen[doc.kind].path}"))
        else:
            seen[doc.kind] = doc
    broken = index._unreadable_stems(models=False)
    for kind in REGISTRY_KINDS:
        if kind not in seen and kind not in broken:
            path = f"{index.data_dir}/{kind}.yaml"
            out.append(Problem(path, 1, 1, "", f"registry file missing: every data directory needs {kind}.yaml"))
    return out


# Where references live: (document kind, path pattern). "*" is every list item.
_REFERENCES: dict[str, list[tuple[str, tuple]]] = {
    "model": [("model", ("parents", "*", "model")), ("model", ("succeeds", "*", "model")),
              ("model", ("reproduces", "*", "model")), ("claims", ("claims", "*", "models", "*")),
              ("benchmarks", ("benchmarks", "*", "results", "*", "model"))],
    "abilities": [("model", ("abilities", "*", "ability")), ("claims", ("claims", "*", "abilities", "*"))],
    "methods": [("model", ("parents", "*", "method")), ("model", ("reproduces", "*", "method"))],
    "grades": [("model", ("parents", "*", "grade")), ("model", ("abilities", "*", "grade")),
               ("model", ("succeeds", "*", "grade")), ("model", ("reproduces", "*", "grade")),
               ("claims", ("claims", "*", "grade"))],
}
_REF_LABELS = {"model": "model", "abilities": "ability", "methods": "method", "grades": "grade", "sources": "source"}


def _unknown_references(index: Index, kind: str, refs: Iterable[tuple[Document, tuple, Any]]) -> list[Problem]:
    known = index.known(kind)
    if known is None:  # the registry itself is missing or broken; that problem is reported once elsewhere
        return []
    where = "data/models/" if kind == "model" else f"{kind}.yaml"
    out = []
    for doc, keys, value in refs:
        if not isinstance(value, str) or is_placeholder(value) or value in known:
            continue
        hint = _did_you_mean(value, known) or _choices(known, where)
        out.append(_problem(doc, keys, f"unknown {_REF_LABELS[kind]} '{_clip(value)}'{hint}"))
    return out


def _refs_of(index: Index, kind: str) -> Iterator[tuple[Document, tuple, Any]]:
    for doc_kind, pattern in _REFERENCES[kind]:
        for doc in index.documents:
            if doc.kind == doc_kind:
                for keys, value in select(doc.data, pattern):
                    yield doc, keys, value


def check_model_refs(index: Index) -> list[Problem]:
    """parents[].model, succeeds[].model, reproduces[].model, claims[].models and benchmark
    results[].model name existing models (with close matches suggested)."""
    return _unknown_references(index, "model", _refs_of(index, "model"))


def check_ability_refs(index: Index) -> list[Problem]:
    return _unknown_references(index, "abilities", _refs_of(index, "abilities"))


def check_method_refs(index: Index) -> list[Problem]:
    return _unknown_references(index, "methods", _refs_of(index, "methods"))


def check_grade_refs(index: Index) -> list[Problem]:
    return _unknown_references(index, "grades", _refs_of(index, "grades"))


def check_source_refs(index: Index) -> list[Problem]:
    """Every `sources` list anywhere, and a model's `paper`, name sources in sources.yaml."""
    def refs():
        for doc in index.documents:
            for keys, value in _walk(doc.data):
                if keys and keys[-1] == "sources" and isinstance(value, list):
                    for i, item in enumerate(value):
                        yield doc, keys + (i,), item
            if doc.kind == "model" and isinstance(doc.data, dict) and "paper" in doc.data:
                yield doc, ("paper",), doc.data["paper"]
    return _unknown_references(index, "sources", refs())


def _parent_links(doc: Document) -> Iterator[tuple[int, str]]:
    for keys, value in select(doc.data, ("parents", "*", "model")):
        if isinstance(value, str):
            yield keys[1], value


def check_no_cycles(index: Index) -> list[Problem]:
    """No model descends from itself; each cycle is reported once, on its alphabetically first member."""
    parents = {mid: [p for _, p in _parent_links(doc) if p in index.by_model_id]
               for mid, doc in index.by_model_id.items()}

    def reach(start: str) -> set[str]:
        seen, todo = set(), list(parents[start])
        while todo:
            node = todo.pop()
            if node not in seen:
                seen.add(node)
                todo.extend(parents[node])
        return seen

    reachable = {mid: reach(mid) for mid in parents}
    out, done = [], set()
    for mid in sorted(parents):
        if mid in done or mid not in reachable[mid]:
            continue
        members = {m for m in reachable[mid] if mid in reachable[m]} | {mid}
        done |= members
        # shortest walk mid -> ... -> mid inside the cycle, to name the members in order
        paths, cycle = {mid: [mid]}, None
        queue = [mid]
        while queue and cycle is None:
            node = queue.pop(0)
            for parent in parents[node]:
                if parent == mid:
                    cycle = paths[node] + [mid]
                    break
                if parent in members and parent not in paths:
                    paths[parent] = paths[node] + [parent]
                    queue.append(parent)
        doc = index.by_model_id[mid]
        first_parent = cycle[1]
        link = next(i for i, p in _parent_links(doc) if p == first_parent)
        extra = sorted(members - set(cycle))
        also = f"; also involved: {', '.join(extra)}" if extra else ""
        out.append(_problem(doc, ("parents", link, "model"),
                            f"lineage cycle: {' → '.join(cycle)} (each lists the next as its parent){also}"))
    return out


def _date_parts(value: Any) -> tuple[int, ...] | None:
    pattern = _dig(schemas()[0], "definitions", "date", "pattern")
    if not isinstance(value, str) or not isinstance(pattern, str) or not re.match(pattern, value):
        return None
    return tuple(int(p) for p in value.split("-"))


def _released_before(index: Index, doc: Document, other_id: str) -> tuple[str, str] | None:
    """(this date, other's date) when `doc` is released before model `other_id`, compared on the
    precision both dates share; None otherwise or when either date is unreadable."""
    mine_date = _dig(doc.data, "release", "date")
    other_doc = index.by_model_id.get(other_id)
    other_date = _dig(other_doc.data, "release", "date") if other_doc else None
    mine, other = _date_parts(mine_date), _date_parts(other_date)
    if mine is None or other is None:
        return None
    n = min(len(mine), len(other))
    return (mine_date, other_date) if mine[:n] < other[:n] else None


def check_release_order(index: Index) -> list[Problem]:
    """A child is not released before its parent, compared on the precision both dates share, for
    both training relations (trained-from and distilled-from)."""
    out = []
    for doc in index.models:
        for i, pid in _parent_links(doc):
            dates = _released_before(index, doc, pid)
            if dates is None:
                continue
            distilled = _dig(doc.data, "parents")[i].get("relation") == "distilled-from"
            whose = f"the model whose outputs it was trained on, '{pid}'" if distilled else f"its parent '{pid}'"
            out.append(_problem(doc, ("release", "date"), f"released {dates[0]}, before {whose} ({dates[1]})"))
    return out


def _relation_targets(doc: Document, relation: str) -> Iterator[tuple[int, str]]:
    """(index, model id) of each entry of `succeeds` or `reproduces`."""
    for keys, value in select(doc.data, (relation, "*", "model")):
        if isinstance(value, str) and not is_placeholder(value):
            yield keys[1], value


def check_succession_order(index: Index) -> list[Problem]:
    """A model succeeds only models released before it (or the same day/month, on the precision both
    dates share)."""
    out = []
    for doc in index.models:
        for i, target in _relation_targets(doc, "succeeds"):
            dates = _released_before(index, doc, target)
            if dates is not None:
                out.append(_problem(doc, ("succeeds", i, "model"),
                                    f"succeeds '{target}' ({dates[1]}), but is released earlier ({dates[0]}): "
                                    "a successor comes after the model it replaces"))
    return out


def check_no_self_relation(index: Index) -> list[Problem]:
    """A model does not succeed or reproduce itself (a self parent link is a cycle: check_no_cycles)."""
    out = []
    for doc in index.models:
        mid = doc.data.get("id")
        for relation, verb in (("succeeds", "succeed"), ("reproduces", "reproduce")):
            for i, target in _relation_targets(doc, relation):
                if target == mid:
                    out.append(_problem(doc, (relation, i, "model"),
                                        f"a model cannot {verb} itself ('{_clip(mid)}')"))
    return out



def check_reproduced_steps(index: Index) -> list[Problem]:
    """`reproduces: {model: X, method: M}` names an OpenAI training step that exists: X is an OpenAI
    model (organisation OpenAI) with a parent link whose method is M. Where X has no parent link
    (its sources state no base model, e.g. o1's reinforcement learning), the step is documented
    without its starting point and any method is accepted. Unknown X or M are
    check_model_refs' / check_method_refs' business; a reproducing model that is itself OpenAI's is
    allowed (gpt-oss may reproduce an o-series step)."""
    out = []
    methods = index.known("methods") or set()
    for doc in index.models:
        for i, target in _relation_targets(doc, "reproduces"):
            target_doc = index.by_model_id.get(target)
            if target_doc is None or target == doc.data.get("id"):
                continue  # unknown (check_model_refs) or itself (check_no_self_relation)
            org = target_doc.data.get("organisation")
            if isinstance(org, str) and org != OPENAI:
                out.append(_problem(doc, ("reproduces", i, "model"),
                                    f"'{target}' is not an OpenAI model (organisation: {_clip(org, 40)}): reproduces "
                                    "names an OpenAI training step, by the OpenAI model it produced"))
                continue
            method = _dig(doc.data, "reproduces")[i].get("method")
            if not isinstance(method, str) or is_placeholder(method) or method not in methods:
                continue
            steps = [p.get("method") for p in (target_doc.data.get("parents") or []) if isinstance(p, dict)]
            steps = [m for m in steps if isinstance(m, str)]
            if steps and method not in steps:
                have = f"its steps are by {', '.join(dict.fromkeys(steps))}"
                out.append(_problem(doc, ("reproduces", i, "method"),
                                    f"'{target}' was not produced by a {method} step: {have}"))
    return out


def check_open_weights_licence(index: Index) -> list[Problem]:
    """A model with open_weights: true names its licence."""
    return [_problem(doc, ("open_weights",), "open weights need a licence: add licence: (an SPDX id such as "
                                             "Apache-2.0, or the licence's name)")
            for doc in index.models
            if doc.data.get("open_weights") is True and "licence" not in doc.data]


# Plausible years. Dates (`definitions/date`: model releases, benchmark results) start in 2015, the
# year OpenAI was founded: no GPT-family model or result on its benchmarks can be older (the first
# GPT is from 2018). Sources may be older: 1940 admits the earliest work a history of language models
# cites (McCulloch & Pitts 1943, Shannon 1948); the data's oldest source is from 2017. Neither may
# lie after next year (read from the clock at validation time): a preprint can carry next year's
# date, anything later is a typo. The schemas' descriptions say the same.
EARLIEST_DATE_YEAR = 2015
EARLIEST_SOURCE_YEAR = 1940


def latest_year(today: datetime.date | None = None) -> int:
    return (today or datetime.date.today()).year + 1


def _schema_paths(node: Any, ref: str, keys: tuple = ()) -> Iterator[tuple]:
    """Path patterns ("*" = every list item) of the schema nodes that `$ref` a definition ending in `ref`."""
    if not isinstance(node, dict):
        return
    if isinstance(node.get("$ref"), str) and node["$ref"].endswith(ref):
        yield keys
    for name, child in _dig(node, "properties").items() if isinstance(node.get("properties"), dict) else ():
        yield from _schema_paths(child, ref, keys + (name,))
    if isinstance(node.get("items"), dict):
        yield from _schema_paths(node["items"], ref, keys + ("*",))
    for branch in node.get("oneOf", []) + node.get("anyOf", []):
        yield from _schema_paths(branch, ref, keys)


@functools.cache
def _date_fields() -> tuple[tuple[str, tuple], ...]:
    """(document kind, path pattern) of every date field, read from the schemas: a new date field
    is checked without touching this file."""
    model, registry = schemas()
    found = [("model", keys) for keys in _schema_paths(model, "/definitions/date")]
    found += [(keys[0], keys) for keys in _schema_paths(registry, "/definitions/date")]
    return tuple(found)


def check_dates(index: Index) -> list[Problem]:
    """Dates are real calendar dates (no 2022-02-30) in plausible years."""
    out = []
    latest = latest_year()
    for kind, pattern in _date_fields():
        for doc in index.documents:
            if doc.kind != kind:
                continue
            for keys, value in select(doc.data, pattern):
                parts = _date_parts(value)
                if parts is None:
                    continue  # not YYYY[-MM[-DD]]: the schema's pattern says so
                year = parts[0]
                if year < EARLIEST_DATE_YEAR:
                    out.append(_problem(doc, keys, f"'{value}': year {year} is before {EARLIEST_DATE_YEAR}, "
                                                   "earlier than any GPT-family work; check the date"))
                elif year > latest:
                    out.append(_problem(doc, keys, f"'{value}': year {year} is after {latest} (next year); "
                                                   "check the date"))
                elif len(parts) == 3:
                    try:
                        datetime.date(*parts)
                    except ValueError:
                        month = datetime.date(year, parts[1], 1).strftime("%B")
                        days = (datetime.date(year + parts[1] // 12, parts[1] % 12 + 1, 1)
                                - datetime.timedelta(days=1)).day
                        out.append(_problem(doc, keys, f"'{value}' is not a calendar date: {month} {year} has "
                                                       f"{days} days"))
    return out


def check_source_years(index: Index) -> list[Problem]:
    """A source's year is not after next year (the schema sets the lower bound)."""
    doc = index.registry("sources")
    if doc is None:
        return []
    latest = latest_year()
    return [_problem(doc, keys, f"year {value} is after {latest} (next year); check it")
            for keys, value in select(doc.data, ("sources", "*", "year"))
            if isinstance(value, int) and not isinstance(value, bool) and value > latest]


# Pages generated per entity: (document kind, where its id is, the links.py function giving its page).
# A function links.py does not have (yet) is skipped, so adding e.g. `ability_src` there reserves
# those paths here too; each is called once per language when it takes a `lang` argument.
ENTITY_PAGES: tuple[tuple[str, tuple, str], ...] = (
    ("model", ("id",), "model_src"),
    ("abilities", ("abilities", "*", "id"), "ability_src"),
    ("methods", ("methods", "*", "id"), "method_src"),
)
_ENTITY_NOUNS = {"model": "model", "abilities": "ability", "methods": "method"}


def _languages() -> tuple[str | None, ...]:
    try:
        from .i18n import LANGUAGES
    except ImportError:
        return (None,)
    return tuple(LANGUAGES)


def entity_pages(kind_fn: Callable[..., str], entity_id: str) -> list[str]:
    """Every page path `kind_fn` gives an entity, one per language when it takes `lang`."""
    takes_lang = "lang" in inspect.signature(kind_fn).parameters
    return list(dict.fromkeys(kind_fn(entity_id, lang) if takes_lang and lang else kind_fn(entity_id)
                              for lang in _languages()))


def reserved_pages() -> dict[str, str]:
    """Path -> the fixed generated page it is (render.pages.FIXED_PAGES, in every language)."""
    from .render.pages import FIXED_PAGES

    try:
        from .i18n import page_src
    except ImportError:
        page_src = None
    out = {path: path for path in FIXED_PAGES}
    for lang in _languages():
        if page_src is not None and lang is not None:
            out.update({page_src(path, lang): path for path in FIXED_PAGES})
    return out


def check_page_paths(index: Index) -> list[Problem]:
    """No id gives a page the site already generates (model id `index` -> models/index.md, the
    models index), and no two entities share a page."""
    from .render import links

    reserved = reserved_pages()
    claimed: dict[str, tuple[str, str, Document, tuple]] = {}
    out = []
    for kind, pattern, function in ENTITY_PAGES:
        kind_fn = getattr(links, function, None)
        if kind_fn is None:
            continue
        for doc in index.documents:
            if doc.kind != kind:
                continue
            for keys, entity_id in select(doc.data, pattern):
                if not isinstance(entity_id, str) or is_placeholder(entity_id):
                    continue
                noun = _ENTITY_NOUNS[kind]
                for path in entity_pages(kind_fn, entity_id):
                    if path in reserved:
                        out.append(_problem(doc, keys, f"{noun} id '{_clip(entity_id)}' is reserved: its page "
                                                       f"{path} would collide with the site's generated page "
                                                       f"{path}; choose another id"))
                        break
                    other = claimed.get(path)
                    if other is not None and (other[0], other[1]) != (kind, entity_id):
                        line = other[2].where(other[3])[0]
                        out.append(_problem(doc, keys, f"{noun} id '{_clip(entity_id)}' gives page {path}, already "
                                                       f"the page of {_ENTITY_NOUNS[other[0]]} '{other[1]}' "
                                                       f"({other[2].path}:{line}); choose another id"))
                        break
                    claimed.setdefault(path, (kind, entity_id, doc, keys))
    return out


def check_placeholders(index: Index) -> list[Problem]:
    """`TODO` values left by `gpt-lineage new` name what is still to be written."""
    out = []
    for doc in index.documents:
        for keys, value in _walk(doc.data):
            if is_placeholder(value):
                hint = value[len(PLACEHOLDER):].lstrip(":").strip() or "this field"
                out.append(_problem(doc, keys, f"fill in: {hint}"))
    return out


# Two more rules live in the schema, with their messages shaped in _translate above:
# every parent link / ability change has a source (minItems -> _min_items_message), and URLs are
# http/https only (url pattern -> _pattern_messages).
RULES: list[Callable[[Index], list[Problem]]] = [
    check_model_id_matches_file,
    check_model_ids_unique,
    check_registry_ids_unique,
    check_registry_files,
    check_model_refs,
    check_ability_refs,
    check_method_refs,
    check_grade_refs,
    check_source_refs,
    check_no_cycles,
    check_release_order,
    check_succession_order,
    check_no_self_relation,
    check_reproduced_steps,
    check_open_weights_licence,
    check_dates,
    check_source_years,
    check_page_paths,
    check_placeholders,
]


def validate(documents: list[Document], unreadable: Iterable[str] = (),
             data_dir: str | None = None) -> list[Problem]:
    """Schema and cross-file problems, sorted and deduplicated.

    `unreadable` lists data files that exist but failed to load, so rules do not also call their
    ids unknown or their registry missing; `data_dir` (display path) names where missing files belong.
    """
    problems: list[Problem] = []
    for doc in documents:
        problems += schema_problems(doc)
    index = Index(list(documents), set(unreadable), data_dir)
    for rule in RULES:
        problems += rule(index)
    return sorted(set(problems))


def check(data_dir: Path) -> tuple[list[Document], list[Problem]]:
    """Load and validate a data directory: every problem of one run."""
    data_dir = Path(data_dir)
    documents, problems = load_data_dir(data_dir)
    if not data_dir.is_dir():
        return documents, problems
    unreadable = {p.path for p in problems} - {d.path for d in documents}
    return documents, sorted(set(problems + validate(documents, unreadable, display_path(data_dir))))
