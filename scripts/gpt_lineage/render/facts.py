"""`[[arch-table]]`: the GPT-1 / GPT-2 / GPT-3 architecture table, straight from the model files.

Every model whose file gives layers, heads or d_model gets a column, in release order; each number is a
`[[fact:…]]`-style span (the same formatter as the model pages and `[[fact:…]]`), so the content
tests can check every cell against the data. Single values come from `[[fact:MODEL.FIELD]]`
(`shortcodes.fact`); this module only adds the table.
"""

from __future__ import annotations

import re

from ..i18n import t
from ..model import Text
from . import links, text
from .escape import md_inline

# Fact rows after "release", in order; each label is `facts.<field>` in the catalogue.
COLUMNS = ("layers", "heads", "d_model", "parameters", "context_window", "training_tokens")
# An English sentence ends at a full stop followed by a space; a Chinese one at 。！？ (no space).
_FIRST_SENTENCE = re.compile(r"^(.+?(?:\.(?=\s|$)|[。！？]))")


def first_sentence(words: str) -> str:
    """The opening sentence of a data description (the full text is on the model page)."""
    match = _FIRST_SENTENCE.match(" ".join(words.split()))
    return match.group(1) if match else words


def _first_sentence_text(value: Text) -> Text:
    return Text(first_sentence(value.en), first_sentence(value.zh) if value.zh else value.zh)


def arch_table_shortcode(argument: str, ctx) -> str:
    """One column per model (three columns read better than ten), one row per fact."""
    from .shortcodes import ShortcodeError, cite, fact

    if argument:
        raise ShortcodeError("[[arch-table]] takes no argument")
    models = [m for m in ctx.lineage.models.values()
              if m.architecture is not None and (m.architecture.layers or m.architecture.heads or m.architecture.d_model)]
    if not models:
        raise ShortcodeError("[[arch-table]]: no model file gives layers, heads or d_model")
    lang = ctx.lang
    out = [f"| {t(lang, 'facts.fact')} | " + " | ".join(
        links.page_link(md_inline(m.name), links.model_src(m.id, lang), ctx.src_uri) for m in models) + " |",
           "| --- | " + " | ".join("---" for _ in models) + " |"]
    for field in ("release",) + COLUMNS:
        out.append(f"| {t(lang, f'facts.{field}')} | " + " | ".join(fact(f"{m.id}.{field}", ctx) for m in models) + " |")
    more = t(lang, "facts.more")
    out.append(f"| {t(lang, 'facts.training_data')} | " + " | ".join(
        f"{text.md(_first_sentence_text(m.training_data.text), lang)} "
        f"{links.page_link(more, links.model_src(m.id, lang) + '#facts', ctx.src_uri)}"
        for m in models) + " |")

    def sources(m) -> str:
        ids: list[str] = []
        for group in (m.architecture.sources, m.parameters.sources, m.context_window.sources, m.training_data.sources):
            ids += [s for s in group if s not in ids]
        return " ".join(cite(s, ctx) for s in ids)

    out.append(f"| {t(lang, 'facts.sources')} | " + " | ".join(sources(m) for m in models) + " |")
    return "\n".join(out) + "\n"
