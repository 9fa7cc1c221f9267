"""Shortcodes in hand-written Markdown: `[[name]]` or `[[name:argument]]`.

`expand` replaces each shortcode with Markdown/HTML produced from the lineage. Each engineer
registers a handler with ONE line in `HANDLERS`: `"name": "<module>:<function>"`, a function
`(argument: str, ctx: Context) -> str` that raises `ShortcodeError` for a bad argument. Names are
resolved lazily so registering never depends on import order. Shortcodes inside code (fenced blocks
and `inline code`) are left alone, so documentation can show the syntax.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from typing import Callable

from ..i18n import language_of
from ..lineage import Lineage
from . import badges, links
from .escape import html_attr, md_attr_text, md_inline

HANDLERS: dict[str, str] = {
    "cite": "shortcodes:cite",     # [[cite:SOURCE_ID]]  citation link to the references page
    "model": "shortcodes:model",   # [[model:ID]]        link to a model page
    "grade": "shortcodes:grade",   # [[grade:ID]]        evidence-grade badge
    "fact": "shortcodes:fact",     # [[fact:MODEL_ID.FIELD]] a value from the data
    "tree": "tree_page:tree_shortcode",              # [[tree]]  the interactive evolution tree
    "tree-focus": "tree_page:focus_shortcode",       # [[tree-focus:MODEL_ID]]  tree with one lineage highlighted
    "claim": "claims:claim_shortcode",               # [[claim:ID]]  grade badge linking to the claim
    "chart": "chart:chart_shortcode",                # [[chart:BENCHMARK_ID]]  SVG chart + data table
    "score": "chart:score_shortcode",                # [[score:BENCHMARK_ID|SYSTEM|METHOD WORDS]]  one result's score
    "arch-table": "facts:arch_table_shortcode",      # [[arch-table]]  GPT-1/2/3 architecture table
    "ability-tree": "provenance:provenance_shortcode",  # [[ability-tree:ABILITY_ID]]  tree cropped to one ability's provenance
    "matrix": "matrix:matrix_shortcode",              # [[matrix]]  the capability matrix table (raw HTML, final URLs)
}

# Shortcodes whose output is a large, self-contained figure (the SVG tree). With `figures=`, expand
# leaves a slot comment in their place, so Markdown and the search indexer never parse thousands of
# SVG tags they would leave alone anyway (the figures are excluded from search); `restore_figures`
# puts them back into the finished HTML.
FIGURES = frozenset({"tree", "tree-focus", "ability-tree"})

SHORTCODE = re.compile(r"\[\[([a-z][a-z0-9-]*)(?::([^\]\n]*))?\]\]")
# Fenced code blocks (``` or ~~~, any indent) and inline code spans: never expanded.
_CODE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[^\n]*\n.*?^(?P=indent)(?P=fence)[ \t]*$"
    r"|(?P<ticks>`+)[^\n]*?(?P=ticks)",
    re.DOTALL | re.MULTILINE,
)


class ShortcodeError(ValueError):
    """A shortcode that cannot be expanded; the message names the page and line."""


@dataclass(frozen=True)
class Context:
    """What a handler knows about where it is expanded."""

    lineage: Lineage
    src_uri: str
    use_directory_urls: bool

    @property
    def lang(self) -> str:
        """The page's language, from where it lives (`zh/...` is Chinese)."""
        return language_of(self.src_uri)

    def url(self, target_src_uri: str) -> str:
        """Final relative URL for raw HTML/SVG output."""
        return links.url_for(target_src_uri, self.src_uri, self.use_directory_urls)


def _handler(name: str) -> Callable[[str, Context], str] | None:
    ref = HANDLERS.get(name)
    if ref is None:
        return None
    module, _, function = ref.partition(":")
    return getattr(importlib.import_module(f"{__package__}.{module}"), function)


def _figure_slot(i: int) -> str:
    return f"<!--lineage-figure-{i}-->"


def restore_figures(html: str, figures: list[str]) -> str:
    """Put the figures that `expand(..., figures=)` set aside back into the page's HTML."""
    for i, figure in enumerate(figures):
        html = html.replace(_figure_slot(i), figure, 1)
    return html


def expand(markdown: str, lineage: Lineage, src_uri: str, use_directory_urls: bool,
           figures: list[str] | None = None) -> str:
    """Expand every shortcode outside code; all errors are collected and raised together.
    Given a `figures` list, large figures are appended to it and a slot is left in their place."""
    ctx = Context(lineage, src_uri, use_directory_urls)
    errors: list[str] = []

    def replace(match: re.Match, offset: int) -> str:
        name, argument = match.group(1), (match.group(2) or "").strip()
        line = markdown.count("\n", 0, offset + match.start()) + 1
        handler = _handler(name)
        try:
            if handler is None:
                known = ", ".join(sorted(HANDLERS))
                raise ShortcodeError(f"unknown shortcode [[{name}]] (known: {known})")
            # the links a handler writes (links.page_link) get their final URLs here
            result = links.resolve_page_links(handler(argument, ctx), src_uri, use_directory_urls)
        except ShortcodeError as exc:
            errors.append(f"{src_uri}:{line}: {exc}")
            return match.group(0)
        if figures is not None and name in FIGURES:
            figures.append(result)
            return _figure_slot(len(figures) - 1)
        return result

    out: list[str] = []
    pos = 0
    for code in _CODE.finditer(markdown):
        text = markdown[pos:code.start()]
        out.append(SHORTCODE.sub(lambda m, o=pos: replace(m, o), text))
        out.append(code.group(0))
        pos = code.end()
    out.append(SHORTCODE.sub(lambda m, o=pos: replace(m, o), markdown[pos:]))
    if errors:
        raise ShortcodeError("\n".join(errors))
    return "".join(out)


def _require(kind: str, table: dict, key: str) -> object:
    if not key:
        raise ShortcodeError(f"[[{kind}:…]] needs an id")
    if key not in table:
        raise ShortcodeError(f"unknown {kind} id {key!r}")
    return table[key]


# --- handlers owned by the site room -------------------------------------------------------------


def cite(argument: str, ctx: Context) -> str:
    """A bracketed citation linking to the source's entry on the references page."""
    from .references import short_label  # one citation label for footnotes and shortcodes

    source = _require("cite", ctx.lineage.sources, argument)
    label = short_label(ctx.lineage, source.id)
    return (f'<a class="lineage-cite" href="{html_attr(ctx.url(links.source_anchor(source.id, ctx.lang)))}" '
            f'title="{md_attr_text(source.title)}">[{md_inline(label)}]</a>')


def model(argument: str, ctx: Context) -> str:
    m = _require("model", ctx.lineage.models, argument)
    return links.page_link(md_inline(m.name), links.model_src(m.id, ctx.lang), ctx.src_uri)


def grade(argument: str, ctx: Context) -> str:
    _require("grade", ctx.lineage.grades, argument)
    return badges.grade(ctx.lineage, argument, ctx.lang)


FACT_FIELDS = ("parameters", "context_window", "layers", "heads", "d_model", "release",
               "training_tokens", "api_name")


def fact_value(lineage: Lineage, model_id: str, field: str, lang: str = "en") -> str:
    """The displayed value of one fact, shared with the model page so both always agree."""
    from .model_page import format_fact  # one formatter for facts, owned by the model page
    return format_fact(lineage.models[model_id], field, lang)


def fact(argument: str, ctx: Context) -> str:
    model_id, _, field = argument.rpartition(".")  # model ids may contain dots (gpt-4.1); fields do not
    _require("model", ctx.lineage.models, model_id)
    if field not in FACT_FIELDS:
        raise ShortcodeError(f"[[fact:{argument}]]: field must be one of {', '.join(FACT_FIELDS)}")
    value = fact_value(ctx.lineage, model_id, field, ctx.lang)
    return (f'<span class="lineage-fact" data-fact="{html_attr(model_id)}.{html_attr(field)}">'
            f"{md_inline(value)}</span>")
