"""`[[arch-table]]`: the GPT-1 / GPT-2 / GPT-3 architecture table, straight from the model files.

Every model whose file gives layers, heads or d_model gets a column, in release order; each number is a
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
_FIRST_SENTENCE = re.compile(r"^(.+?\.)(?:\s|$)")


def first_sentence(text: str) -> str:
    """The opening sentence of a data description (the full text is on the model page)."""
    match = _FIRST_SENTENCE.match(" ".join(text.split()))
    return match.group(1) if match else text


def arch_table_shortcode(argument: str, ctx) -> str:
    """One column per model (three columns read better than ten), one row per fact."""
    from .shortcodes import ShortcodeError, cite, fact

    if argument:
        raise ShortcodeError("[[arch-table]] takes no argument")
    models = [m for m in ctx.lineage.models.values()
              if m.architecture is not None and (m.architecture.layers or m.architecture.heads or m.architecture.d_model)]
    if not models:
        raise ShortcodeError("[[arch-table]]: no model file gives layers, heads or d_model")
    pages = {m.id: ctx.md_link(links.model_src(m.id)) for m in models}
    out = ["| Fact | " + " | ".join(f"[{md_inline(m.name)}]({pages[m.id]})" for m in models) + " |",
           "| --- | " + " | ".join("---" for _ in models) + " |"]
    for field, label in (("release", "Released"),) + COLUMNS:
        out.append(f"| {label} | " + " | ".join(fact(f"{m.id}.{field}", ctx) for m in models) + " |")
    out.append("| Training data | " + " | ".join(
        f"{md_inline(first_sentence(m.training_data.text.en))} [More]({pages[m.id]}#facts)" for m in models) + " |")

    def sources(m) -> str:
        ids: list[str] = []
        for group in (m.architecture.sources, m.parameters.sources, m.context_window.sources, m.training_data.sources):
            ids += [s for s in group if s not in ids]
        return " ".join(cite(s, ctx) for s in ids)

    out.append("| Sources | " + " | ".join(sources(m) for m in models) + " |")
    return "\n".join(out) + "\n"
