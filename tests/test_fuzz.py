"""Hypothesis throws generated YAML (valid, odd and broken) at load_file + validate.

The only promise tested: no exception escapes, and every Problem has a line >= 1 and a message.
Set GPT_LINEAGE_FUZZ_EXAMPLES=5000 for a longer hunt than the default 200.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import yaml

from gpt_lineage.loader import load_data_dir, load_file
from gpt_lineage.validate import SCHEMA_DIR, validate

from conftest import FIXTURE_DATA


EXAMPLES = int(os.environ.get("GPT_LINEAGE_FUZZ_EXAMPLES", "200"))


def _property_names() -> list[str]:
    names: set[str] = set()

    def walk(node):
        if isinstance(node, dict):
            names.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    for name in ("model.schema.json", "registry.schema.json"):
        walk(json.loads((SCHEMA_DIR / name).read_text()))
    return sorted(names)


KEYS = st.one_of(st.sampled_from(_property_names()), st.sampled_from(_property_names()),
                 st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=8))
TAGS = st.one_of(st.just(""), st.just(""), st.just(""), st.just(""), st.sampled_from([
    "!!str ", "!!int ", "!!float ", "!!bool ", "!!null ", "!!binary ", "!!set ", "!!timestamp ",
    "!!python/object:os.system ", "!!python/name:os.system ", "!foo ", "!<tag:example.com,2000:x> ", "&a ", "*a "]))
WORDS = st.sampled_from(["no", "yes", "on", "off", "~", "null", "7e9", "1.0", "2020", "2020-05-28", "2022-13",
                         "1:30", ".nan", "-.inf", "0x1F", "0o17", '"+"', '"-"', '"--"', "++", "TODO", '"TODO: x"',
                         '"javascript:alert(1)"', "https://example.org", "gpt-a", "gpt-b", "sft", "official",
                         "paper-a", "GPT-3", '"quoted"', "'single'", ""])
GARBAGE = st.sampled_from(["|", ">", "[", "]", "{", "}", ":", "#", "%", "@", "`", "\t", "- x", "a: b", "-", "&", "*"])
PRINTABLE = st.characters(blacklist_categories=("Cc", "Cs"))
SCALARS = st.one_of(WORDS, WORDS, WORDS, st.integers(-10**20, 10**20).map(str), st.floats().map(str),
                    st.text(max_size=20).map(json.dumps), st.text(PRINTABLE, max_size=12), st.text(max_size=4), GARBAGE)


def _tree():
    return st.recursive(
        st.tuples(TAGS, SCALARS).map("".join),
        lambda children: st.one_of(
            st.lists(st.tuples(KEYS, children), max_size=5).map(lambda kv: ("map", kv)),
            st.lists(children, max_size=5).map(lambda items: ("seq", items)),
        ),
        max_leaves=25,
    )


def render(node, indent: int = 0, flow: bool = False) -> str:
    """Block (or, with flow=True, flow) YAML for a generated tree; invalid YAML is welcome."""
    pad = "  " * indent
    if isinstance(node, str):
        return node
    kind, items = node
    if flow or not items:
        if kind == "map":
            return "{" + ", ".join(f"{k}: {render(v, flow=True)}" for k, v in items) + "}"
        return "[" + ", ".join(render(v, flow=True) for v in items) + "]"
    lines = []
    for item in items:
        key, value = item if kind == "map" else ("-", item)
        head = f"{pad}{key}:" if kind == "map" else f"{pad}-"
        if isinstance(value, str) or not value[1]:
            lines.append(f"{head} {render(value)}")
        else:
            lines.append(head + "\n" + render(value, indent + 1))
    return "\n".join(lines)


DOCUMENTS = st.one_of(
    st.tuples(_tree(), st.booleans()).map(lambda t: render(t[0], flow=t[1])),
    st.lists(st.tuples(KEYS, _tree()), min_size=1, max_size=6).map(lambda kv: render(("map", kv))),
)
MUTATIONS = st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(["\x00", "\xff", "\t", ":", "- ", "\n", "'",
                                                                        "&x ", "*x", "{", "]", "\u2028", "\ufeff"])),
                     max_size=3)

_WORK = Path(tempfile.mkdtemp(prefix="gpt-lineage-fuzz-"))
shutil.copytree(FIXTURE_DATA, _WORK / "data")
_BASE_DOCS, _ = load_data_dir(_WORK / "data")


def check_text(blob: bytes, target: str) -> None:
    path = _WORK / "data" / target
    path.write_bytes(blob)
    doc, problems = load_file(path)
    others = [d for d in _BASE_DOCS if Path(d.path).resolve() != path.resolve()]
    if doc is not None:
        problems += validate(others + [doc])
    else:
        problems += validate(others, unreadable=[problems[0].path])
    for p in problems:
        assert p.line >= 1 and p.col >= 1 and p.message.strip(), p
        assert str(p)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=DOCUMENTS, mutations=MUTATIONS, target=st.sampled_from(["models/fuzz.yaml", "claims.yaml", "other.yaml"]))
def test_generated_yaml_never_raises(text, mutations, target):
    for position, insert in mutations:
        position %= len(text) + 1
        text = text[:position] + insert + text[position:]
    check_text(text.encode("utf-8", "surrogatepass"), target)


@settings(max_examples=max(1, EXAMPLES * 3 // 10), deadline=None)
@given(blob=st.binary(max_size=400))
def test_binary_garbage_never_raises(blob):
    check_text(blob, "models/fuzz.yaml")


@settings(max_examples=max(1, EXAMPLES * 3 // 10), deadline=None)
@given(cut=st.integers(0, 2000), insert=st.text(max_size=5))
def test_mangled_real_model_never_raises(cut, insert):
    text = (FIXTURE_DATA / "models/gpt-c.yaml").read_text()
    cut %= len(text) + 1
    check_text((text[:cut] + insert + text[cut:]).encode("utf-8", "surrogatepass"), "models/gpt-c.yaml")


PY_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=False), st.text(max_size=15),
              WORDS),
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(KEYS, children, max_size=4)),
    max_leaves=12,
)


@settings(max_examples=max(1, EXAMPLES * 3 // 4), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(choice=st.integers(0, 10_000), value=PY_VALUES, registry=st.booleans())
def test_perturbed_valid_file_never_raises(choice, value, registry):
    """Well-formed YAML, wrong content: one value of a valid file replaced by a random one."""
    target = "claims.yaml" if registry else "models/gpt-c.yaml"
    doc, _ = load_file(FIXTURE_DATA / target)
    paths = sorted(doc.positions, key=repr)
    path = paths[choice % len(paths)]
    data = doc.data
    if not path:
        data = value
    else:
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = value
    check_text(yaml.safe_dump(data, allow_unicode=True).encode("utf-8", "surrogatepass"), target)


def _parsed(text: str, fast: bool, monkeypatch) -> tuple:
    from gpt_lineage import loader

    monkeypatch.setattr(loader, "_FastLoader", loader._FastLoader if fast else None)
    doc, problems = loader._parse(Path("fuzz.yaml"), "fuzz.yaml", text)
    return (None if doc is None else (doc.kind, doc.data, doc.positions, doc.raw, doc.bad)), problems


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.function_scoped_fixture])
@given(text=DOCUMENTS, mutations=MUTATIONS)
def test_libyaml_and_pure_python_reading_agree(text, mutations, monkeypatch):
    """The loader reads with libyaml when it can (loader._FastLoader) and falls back to PyYAML's own
    parser on any error: for every input, the document and the problems are those of PyYAML alone."""
    from gpt_lineage import loader

    if loader._FastLoader is None:
        return  # PyYAML without libyaml: there is only one way to read
    for position, insert in mutations:
        position %= len(text) + 1
        text = text[:position] + insert + text[position:]
    with monkeypatch.context() as patch:
        fast = _parsed(text, True, patch)
    with monkeypatch.context() as patch:
        slow = _parsed(text, False, patch)
    assert fast == slow


def test_libyaml_and_pure_python_read_every_shipped_file_alike(monkeypatch):
    """The real data and every fixture: same documents and positions, however they are read."""
    repo = Path(__file__).resolve().parent.parent
    files = sorted((repo / "data").rglob("*.yaml")) + sorted((repo / "tests").rglob("*.yaml"))
    assert len(files) > 100
    for path in files:
        text = path.read_text(encoding="utf-8", errors="surrogateescape").removeprefix("\ufeff")
        with monkeypatch.context() as patch:
            fast = _parsed(text, True, patch)
        with monkeypatch.context() as patch:
            slow = _parsed(text, False, patch)
        assert fast == slow, path
