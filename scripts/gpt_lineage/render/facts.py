"""`[[arch-table]]`: the GPT-1 / GPT-2 / GPT-3 architecture table, straight from the model files.

Every model whose file has an `architecture` block gets a row, in release order; each number is a
`[[fact:…]]`-style span (the same formatter as the model pages and `[[fact:…]]`), so the content
tests can check every cell against the data. Single values come from `[[fact:MODEL.FIELD]]`
(`shortcodes.fact`); this module only adds the table.
"""

from __future__ import annotations

import re

from . import links
from .escape import md_inline

COLUMNS = (("layers", "Layers"), ("heads", "Heads"), ("d_model", "d<sub>model</sub>"),
           ("parameters", "Parameters"), ("context_window", "Context"), ("training_tokens", "Training tokens"))
_FIRST_SENTENCE = re.compile(r"^(.+?[.;])(?:\s|$)")


def first_sentence(text: str) -> str:
    """The opening sentence of a data description (the full text is on the model page)."""
    match = _FIRST_SENTENCE.match(" ".join(text.split()))
    return match.group(1) if match else text


def arch_table_shortcode(argument: str, ctx) -> str:
    from .shortcodes import ShortcodeError, cite, fact

    if argument:
        raise ShortcodeError("[[arch-table]] takes no argument")
    models = [m for m in ctx.lineage.models.values() if m.architecture is not None]
    if not models:
        raise ShortcodeError("[[arch-table]]: no model file has an architecture block")
    head = ["Model", "Released"] + [label for _, label in COLUMNS] + ["Training data", "Sources"]
    out = ["| " + " | ".join(head) + " |", "| --- | --- | " + " | ".join("---:" for _ in COLUMNS) + " | --- | --- |"]
    for m in models:
        page = ctx.md_link(links.model_src(m.id))
        sources: list[str] = []
        for group in (m.architecture.sources, m.parameters.sources, m.context_window.sources, m.training_data.sources):
            sources += [s for s in group if s not in sources]
        cells = [f"[{md_inline(m.name)}]({page})", fact(f"{m.id}.release", ctx)]
        cells += [fact(f"{m.id}.{field}", ctx) for field, _ in COLUMNS]
        cells.append(f"{md_inline(first_sentence(m.training_data.text.en))} [more]({page}#facts)")
        cells.append(" ".join(cite(s, ctx) for s in sources))
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"
