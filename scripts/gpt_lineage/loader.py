"""LOAD: YAML files -> plain Python documents that remember where every value was written.

Safe by construction: nodes are composed by a SafeLoader subclass and turned into plain values
here, so no tag can ever build an object. Anything odd in a file (bad bytes, syntax, unknown tags,
duplicate keys, aliases, absurd nesting) becomes a Problem, never an exception.
"""

from __future__ import annotations

import math
import re
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .problems import Problem

REGISTRY_KINDS = ("abilities", "methods", "grades", "sources", "glossary", "claims", "benchmarks")
MAX_BYTES = 2_000_000  # the whole real data set is a few hundred kB; anything bigger is a mistake
MAX_DEPTH = 50  # our schemas nest at most ~6 levels; deeper input only threatens the stack

_Y = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_Y + t for t in ("str", "int", "float", "bool", "null"))
_MAP, _SEQ = _Y + "map", _Y + "seq"
_SCALAR_TAGS = {_STR, _INT, _FLOAT, _BOOL, _NULL}


@dataclass
class Document:
    """One loaded data file. `positions` maps key paths to (line, col), both 1-based."""

    path: str
    kind: str
    data: Any
    positions: dict[tuple, tuple[int, int]]
    # Plain-scalar text of values YAML 1.1 turned into bool/int/float/null, so messages can show
    # what the author actually typed (`no`, `2020`, `1.0`).
    raw: dict[tuple, str] = field(default_factory=dict)
    # Paths whose value was replaced after a load problem (bad tag, bad scalar); validation
    # stays quiet there so one mistake gives one message.
    bad: set[tuple] = field(default_factory=set)

    def where(self, path: tuple) -> tuple[int, int]:
        path = tuple(path)
        while True:
            if path in self.positions:
                return self.positions[path]
            if not path:
                return (1, 1)
            path = path[:-1]


class _LoadError(Exception):
    """A problem that stops composing the file, with the 1-based position it was found at."""

    def __init__(self, line: int, col: int, message: str):
        super().__init__(message)
        self.line, self.col, self.message = line, col, message


class _ComposeChecks:
    """What composing refuses, in both loaders: aliases, and runaway nesting."""

    _depth = 0

    def compose_node(self, parent, index):
        if self.check_event(AliasEvent):
            mark = self.peek_event().start_mark
            raise _LoadError(mark.line + 1, mark.column + 1,
                             "YAML aliases (*name) are not supported in data files; write the value out")
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise _LoadError(mark.line + 1, mark.column + 1,
                                 f"nested deeper than {MAX_DEPTH} levels; data files are much flatter")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


class _Loader(_ComposeChecks, yaml.SafeLoader):
    """SafeLoader that keeps dates as text and refuses aliases and runaway nesting."""

    # YAML 1.1 would turn 2020-05-28 into a datetime; our dates are strings of varying precision.
    yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != _Y + "timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


try:
    from yaml.cyaml import CParser as _CParser
except ImportError:  # PyYAML built without libyaml
    _CParser = None

if _CParser is not None:
    class _FastLoader(_ComposeChecks, yaml.composer.Composer, _CParser, yaml.constructor.SafeConstructor,
                      yaml.resolver.Resolver):
        """The same loader on libyaml's scanner and parser (about ten times faster to read a file);
        nodes are still composed, resolved and checked by the Python code above, so a file that
        libyaml reads gives the same document. libyaml words its errors differently: on any error
        the file is read again by `_Loader`, whose messages the problems are written for."""

        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

        def __init__(self, stream):
            _CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
else:
    _FastLoader = None


# Text that libyaml and PyYAML read differently, found by tests/test_fuzz.py: a tab (libyaml
# accepts one inside a plain value), a byte-order mark after the start (libyaml skips it), ? (libyaml
# reads `{a?: b}` and flow-sequence keys that PyYAML refuses), ! (tags PyYAML refuses, `!:!str`), the
# other indicators that real data files never need (& * @ `), and what YAML forbids.
_LIBYAML_DIFFERS = re.compile("[\t\ufeff?!&*@`]|" + yaml.reader.Reader.NON_PRINTABLE.pattern)


def _compose(text: str):
    """(loader, root node) of a file's text: libyaml when it reads the file, else pure Python,
    which raises the error the problem is made from. Text where the two read differently goes to
    pure Python directly (`_LIBYAML_DIFFERS`; tests/test_fuzz.py compares them on generated files)."""
    if _FastLoader is not None and not _LIBYAML_DIFFERS.search(text):
        loader = _FastLoader(text)
        try:
            return loader, loader.get_single_node()
        except yaml.YAMLError:
            loader.dispose()
    loader = _Loader(text)
    return loader, loader.get_single_node()


def display_path(path: Path) -> str:
    """Path relative to the cwd when it is inside it, so editors and terminals can open it."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (OSError, ValueError):
        return Path(path).as_posix()


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_Y):] if tag.startswith(_Y) else tag


_SYNTAX_HINTS = {
    "sequence entries are not allowed here": "a lone - starts a list; quote it (\"-\") if you meant the text",
    "mapping values are not allowed here": "quote text that contains ': '",
    "found character '\\t' that cannot start any token": "indent with spaces, not tabs",
}


# Contexts that name a construct left open (a quote, a [ or {, a key without its ':'): PyYAML only
# notices at the end of the file or on a later line, so the construct's start is where to look.
# Block structures are not in this list: their context mark is merely where the enclosing mapping
# or list began (often line 1), and the problem mark is the offending line itself.
_OPEN_CONSTRUCTS: dict[str, tuple[str, str | None]] = {  # context -> (what was opened, hint)
    "while scanning a quoted scalar": ("a quoted string", "close the quote"),
    "while parsing a flow sequence": ("a [ list", "close it with ]"),
    "while parsing a flow mapping": ("a { mapping", "close it with }"),
    "while scanning a simple key": ("a key", "a key needs ': ' after it"),
    "while scanning a block scalar": ("a | or > text block", None),
    "while scanning an anchor": ("an anchor", None),
    "while scanning an alias": ("an alias", None),
    "while scanning a tag": ("a tag", None),
    "while parsing a tag": ("a tag", None),
    "while scanning a plain scalar": ("a value", None),
}


def _syntax_problem(err: yaml.MarkedYAMLError) -> tuple[int, int, str]:
    """(line, col, message) for a PyYAML syntax error: at the start of an unclosed construct when
    the error names one (its context mark), else where the parser gave up (its problem mark)."""
    problem = err.problem or err.context or "invalid YAML"
    if err.context and problem.startswith("but "):  # "expected a single document…, but found another"
        problem = f"{err.context}, {problem}"
    context = (err.context or "").strip()
    start, end = err.context_mark, err.problem_mark
    if context in _OPEN_CONSTRUCTS and start is not None:
        opened, hint = _OPEN_CONSTRUCTS[context]
        message = f"YAML syntax: {problem} in {opened} that starts here"
        if end is not None and (end.line, end.column) != (start.line, start.column):
            message += f" (noticed at line {end.line + 1}, column {end.column + 1})"
        if hint:
            message += f"; {hint}"
        return start.line + 1, start.column + 1, message
    mark = end or start
    hint = _SYNTAX_HINTS.get(problem)
    message = f"YAML syntax: {problem}" + (f" ({hint})" if hint else "")
    quote = _runaway_quote(err, end)
    if quote is not None and end is not None:  # an unclosed quote swallowed lines up to a later quote
        message += (f" (noticed at line {end.line + 1}, column {end.column + 1}); the quoted string that "
                    f"starts here runs on to line {quote.end_mark.line + 1}: is its closing quote missing?")
        return quote.start_mark.line + 1, quote.start_mark.column + 1, message
    return (mark.line + 1 if mark else 1), (mark.column + 1 if mark else 1), message


def _runaway_quote(err: yaml.MarkedYAMLError, end) -> Any:
    """The quoted scalar just before a parser error when it spans several lines: a quote left open
    on one line is closed by the next quote, lines later, where the parser then stumbles."""
    buffer = getattr(end, "buffer", None)
    if end is None or not isinstance(buffer, str):
        return None
    previous = None
    try:
        for token in yaml.scan(buffer.rstrip("\0"), Loader=yaml.SafeLoader):
            if token.start_mark.index >= end.index:
                break
            previous = token
    except yaml.YAMLError:
        pass
    if (isinstance(previous, yaml.ScalarToken) and previous.style in ('"', "'")
            and previous.end_mark.line > previous.start_mark.line):
        return previous
    return None


class _Builder:
    """Turns composed nodes into plain values, recording positions and per-node problems."""

    def __init__(self, path: str, loader: _Loader):
        self.path = path
        self.loader = loader
        self.positions: dict[tuple, tuple[int, int]] = {}
        self.raw: dict[tuple, str] = {}
        self.bad: set[tuple] = set()
        self.problems: list[Problem] = []

    def problem(self, node_or_mark, keys: tuple, message: str) -> None:
        mark = getattr(node_or_mark, "start_mark", node_or_mark)
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, field_path(keys), message))

    def build(self, node, keys: tuple) -> Any:
        if isinstance(node, MappingNode):
            return self._mapping(node, keys)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ:
                self._bad_tag(node, keys)
            items = []
            for i, item in enumerate(node.value):
                self.positions[keys + (i,)] = (item.start_mark.line + 1, item.start_mark.column + 1)
                items.append(self.build(item, keys + (i,)))
            return items
        return self._scalar(node, keys)

    def _mapping(self, node: MappingNode, keys: tuple) -> dict:
        if node.tag != _MAP:
            self._bad_tag(node, keys)
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.problem(key_node, keys, "a key must be plain text, not a list or mapping")
                continue
            if key_node.tag not in _SCALAR_TAGS:
                self.problem(key_node, keys, f"tag {_short_tag(key_node.tag)} is not allowed on a key")
                continue
            key = key_node.value  # keys stay the text written: `on:` is the key 'on', not True
            if key in result:
                self.problem(key_node, keys + (key,),
                             f"duplicate key '{key}' (first at line {first_line[key]}); keep one")
                continue
            first_line[key] = key_node.start_mark.line + 1
            self.positions[keys + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.build(value_node, keys + (key,))
        return result

    def _bad_tag(self, node, keys: tuple) -> None:
        self.problem(node, keys, f"tag {_short_tag(node.tag)} is not allowed: data files hold plain "
                                 "text, numbers, lists and mappings only")
        self.bad.add(keys)

    def _scalar(self, node: ScalarNode, keys: tuple) -> Any:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            self._bad_tag(node, keys)
            return node.value
        if tag == _STR:
            return node.value
        try:
            if tag == _NULL:
                value = None
            elif tag == _BOOL:
                value = self.loader.construct_yaml_bool(node)
            elif tag == _INT:
                value = self.loader.construct_yaml_int(node)
            else:
                value = self.loader.construct_yaml_float(node)
        except Exception:  # any failure to convert explicit-tagged text is the author's problem, not ours
            self.problem(node, keys, f"'{_clip(node.value)}' is not a valid {_short_tag(tag)[2:]}")
            self.bad.add(keys)
            return node.value
        if isinstance(value, float) and not math.isfinite(value):
            self.problem(node, keys, f"'{_clip(node.value)}' is not a usable number")
            self.bad.add(keys)
            return node.value
        if not node.style:  # plain (PyYAML says None, libyaml '')
            self.raw[keys] = node.value
        return value


def _clip(text: str, limit: int = 60) -> str:
    text = text.replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def select(value: Any, pattern: tuple, keys: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    """(keys, value) at `pattern` in a plain YAML structure ("*" = every list item); shapes that do
    not fit are skipped. Used by the validator's rules and the translation check alike."""
    if not pattern:
        yield keys, value
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        if isinstance(value, list):
            for i, item in enumerate(value):
                yield from select(item, rest, keys + (i,))
    elif isinstance(value, dict) and head in value:
        yield from select(value[head], rest, keys + (head,))


def field_path(keys: tuple) -> str:
    """('parents', 0, 'method') -> 'parents[0].method'; () -> ''."""
    out = ""
    for key in keys:
        if isinstance(key, int):
            out += f"[{key}]"
        else:
            out += ("." if out else "") + str(key)
    return out


def kind_for(path: Path, data: Any) -> str:
    """Model files live in models/; a registry's kind is its one top-level key (else its file stem)."""
    if Path(path).parent.name == "models":
        return "model"
    if isinstance(data, dict) and len(data) == 1:
        (key,) = data
        if key in REGISTRY_KINDS:
            return key
    return Path(path).stem


def load_file(path: Path) -> tuple[Document | None, list[Problem]]:
    """Load one data file. Returns (None, problems) when nothing usable could be read."""
    path = Path(path)
    shown = display_path(path)

    def fail(line: int, col: int, message: str, field: str = ""):
        return None, [Problem(shown, max(line, 1), max(col, 1), field, message)]

    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return fail(1, 1, f"file is {size:,} bytes; the limit is {MAX_BYTES:,} (is this really a data file?)")
        blob = path.read_bytes()
    except OSError as err:
        return fail(1, 1, f"cannot read file: {err.strerror or err}")

    if blob.startswith(b"\xef\xbb\xbf"):
        blob = blob[3:]
    try:
        text = blob.decode("utf-8")
    except UnicodeDecodeError as err:
        line = blob.count(b"\n", 0, err.start) + 1
        col = err.start - (blob.rfind(b"\n", 0, err.start) + 1) + 1
        return fail(line, col, f"not valid UTF-8 (byte 0x{blob[err.start]:02x}); save the file as UTF-8")

    if not text.strip():
        return fail(1, 1, "file is empty")

    # `mkdocs serve` reloads the data on every change: re-parse only the files whose text changed.
    # The result is kept pickled (our own objects only), so every caller gets fresh, unshared values.
    cached = _PARSED.get(str(path))
    if cached is not None and cached[0] == (shown, text):
        return pickle.loads(cached[1])
    result = _parse(path, shown, text)
    _PARSED[str(path)] = ((shown, text), pickle.dumps(result))
    return result


# path -> ((shown path, text), pickled result of _parse): one entry per file, the last text read.
_PARSED: dict[str, tuple[tuple[str, str], bytes]] = {}


def _parse(path: Path, shown: str, text: str) -> tuple[Document | None, list[Problem]]:
    """Parse one file's text into a Document (pure: same text, same result)."""
    def fail(line: int, col: int, message: str, field: str = ""):
        return None, [Problem(shown, max(line, 1), max(col, 1), field, message)]

    loader = None
    try:
        loader, root = _compose(text)
    except _LoadError as err:
        return fail(err.line, err.col, err.message)
    except yaml.MarkedYAMLError as err:
        line, col, message = _syntax_problem(err)
        return fail(line, col, message)
    except yaml.reader.ReaderError as err:
        line = text.count("\n", 0, err.position) + 1
        col = err.position - (text.rfind("\n", 0, err.position) + 1) + 1
        char = err.character if isinstance(err.character, int) else ord(err.character)
        return fail(line, col, f"character U+{char:04X} is not allowed in YAML (control or special character)")
    except yaml.YAMLError as err:  # any other parser complaint: still a Problem
        return fail(1, 1, f"YAML: {err}")
    except RecursionError:
        return fail(1, 1, "nested too deeply to read")
    finally:
        if loader is not None:
            loader.dispose()

    if root is None:
        return fail(1, 1, "file is empty (only comments)")
    if not isinstance(root, MappingNode):
        got = "a list" if isinstance(root, SequenceNode) else f"the single value '{_clip(str(root.value))}'"
        mark = root.start_mark
        return fail(mark.line + 1, mark.column + 1, f"expected a mapping (key: value) at the top of the file, got {got}")

    builder = _Builder(shown, loader)
    builder.positions[()] = (root.start_mark.line + 1, root.start_mark.column + 1)
    try:
        data = builder.build(root, ())
    except RecursionError:
        return fail(1, 1, "nested too deeply to read")
    doc = Document(shown, kind_for(path, data), data, builder.positions, builder.raw, builder.bad)
    return doc, builder.problems


# OS and editor litter next to the data files, never data: macOS resource forks (._x) and folder
# settings, Windows thumbnails, Emacs backups (x~), autosaves (#x#) and lock links (.#x), Vim swap
# files, and placeholders that keep an empty folder in git.
_LITTER_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini", ".gitkeep", ".gitignore", ".keep"}
_LITTER_SUFFIXES = (".swp", ".swo", ".swn", "~")


def is_litter(name: str) -> bool:
    """True for files an OS or editor leaves beside the data; they are skipped silently."""
    return (name in _LITTER_NAMES or name.startswith(("._", ".#"))
            or (name.startswith("#") and name.endswith("#")) or name.endswith(_LITTER_SUFFIXES))


def _yaml_like(name: str) -> bool:
    """A name meant as a YAML file: .yaml/.yml in any case, with stray spaces or dots after it."""
    return Path(name.rstrip(" .")).suffix.lower() in (".yaml", ".yml")


def _data_files(folder: Path, models: bool) -> tuple[list[Path], list[Problem]]:
    """The `*.yaml` files of one folder (sorted by name) and a problem for every file that looks
    like data but would be skipped. In models/ every file must be a model; next to the registries
    only YAML look-alikes are flagged (a README there is fine)."""
    files, problems = [], []
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError:
        return [], []
    for path in entries:
        name = path.name
        if is_litter(name) or path.is_dir():
            continue
        if name.endswith(".yaml") and not name.startswith(".") and len(name) > len(".yaml"):
            files.append(path)
        elif _yaml_like(name):
            right = name.rstrip(" .")
            right = right[: len(right) - len(Path(right).suffix)].lstrip(".") + ".yaml"
            problems.append(Problem(display_path(path), 1, 1, "",
                                    f"data files end in .yaml (lower case); rename this file to {right}"))
        elif models:
            problems.append(Problem(display_path(path), 1, 1, "",
                                    "not a model file: models/ holds only <id>.yaml files; rename or move it"))
    return files, problems


def load_data_dir(data_dir: Path) -> tuple[list[Document], list[Problem]]:
    """Load data/models/*.yaml (sorted by file name), then the registries data/*.yaml.

    Files named like data but not ending exactly in `.yaml` (x.YAML, x.yml, x.yaml.txt in models/)
    are problems, never silently skipped; OS and editor litter (`is_litter`) is ignored."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return [], [Problem(display_path(data_dir), 1, 1, "", "data directory not found")]
    models_dir = data_dir / "models"
    problems: list[Problem] = []
    if models_dir.is_dir():
        files, problems = _data_files(models_dir, models=True)
    else:
        files = []
        problems.append(Problem(display_path(models_dir), 1, 1, "", "models directory not found"))
    registries, strays = _data_files(data_dir, models=False)
    files += registries
    problems += strays
    documents: list[Document] = []
    for path in files:
        if not path.is_file():
            continue
        doc, found = load_file(path)
        problems += found
        if doc is not None:
            documents.append(doc)
    return documents, problems
