"""One page per model (`models/<id>.md`) and the models index (`models/index.md`).

A model page: summary, facts table, place in the lineage, parents and children (each with its
training method), ability changes with change and grade badges, a "sources disagree" admonition per
recorded disagreement, the model's sources; every claim cites its sources as footnotes that link
to the references page.
"""

from __future__ import annotations


from ..i18n import page_src
from ..lineage import Lineage
from ..model import Model, ParentLink, Quantity, Text
from . import badges, links
from .escape import md_attr_text, md_inline, md_url
from .page import GeneratedPage
from .references import Footnotes

INDEX_SRC = "models/index.md"


# --- formatting shared with [[fact:…]] ------------------------------------------------------------


def format_count(n: int) -> str:
    """117000000 -> 117M, 1500000000 -> 1.5B, 175000000000 -> 175B."""
    for size, suffix in ((10**12, "T"), (10**9, "B"), (10**6, "M"), (10**3, "K")):
        if n >= size:
            value = n / size
            text = f"{value:.1f}".rstrip("0").rstrip(".") if value < 100 else f"{value:.0f}"
            return text + suffix
    return str(n)


def format_quantity(q: Quantity, unit: str = "") -> str:
    if q.undisclosed:
        return "undisclosed"
    if unit == "tokens":
        return f"{q.value:,} tokens"
    return format_count(q.value)


def format_fact(m: Model, field: str) -> str:
    """The displayed value of one fact of a model (also used by the `[[fact:…]]` shortcode)."""
    arch = m.architecture
    values = {
        "parameters": lambda: format_quantity(m.parameters),
        "context_window": lambda: format_quantity(m.context_window, "tokens"),
        "layers": lambda: _maybe(arch and arch.layers),
        "heads": lambda: _maybe(arch and arch.heads),
        "d_model": lambda: _maybe(arch and arch.d_model, thousands=True),
        "release": lambda: m.release.date,
        "training_tokens": lambda: format_count(m.training_data.tokens) if m.training_data.tokens else "undisclosed",
        "api_name": lambda: m.api_name or "not in the API",
    }
    return values[field]()


def _maybe(value, thousands: bool = False) -> str:
    if value is None or value is False:
        return "undisclosed"
    return f"{value:,}" if thousands else str(value)


def _note(text: Text | None) -> str:
    return f" — {md_inline(text.en)}" if text else ""


# --- the page -----------------------------------------------------------------------------------


def _facts(lineage: Lineage, m: Model, fn: Footnotes, src: str) -> list[str]:
    paper = "—"
    if m.paper:
        s = lineage.sources[m.paper]
        paper = f"[{md_inline(s.title)}]({links.md_link(links.source_anchor(s.id), src)}) {fn.cite([s.id])}"
    td = m.training_data
    tokens = f" ({format_count(td.tokens)} tokens)" if td.tokens else ""
    rows = [
        ("API name", f"`{m.api_name}`" if m.api_name and "`" not in m.api_name else md_inline(m.api_name or "not in the API")),
        ("Series", md_inline(m.series)),
        ("Release date", f"{md_inline(m.release.date)}{_note(m.release.note)} {fn.cite(m.release.sources)}"),
        ("Parameters", f"{format_quantity(m.parameters)}{_note(m.parameters.note)} {fn.cite(m.parameters.sources)}"),
        ("Context window", f"{format_quantity(m.context_window, 'tokens')}{_note(m.context_window.note)} "
                           f"{fn.cite(m.context_window.sources)}"),
    ]
    if m.architecture:
        a = m.architecture
        shape = ", ".join(f"{label} {format_fact(m, key)}" for label, key in
                          (("layers", "layers"), ("heads", "heads"), ("d_model", "d_model")))
        rows.append(("Architecture", f"{shape}{_note(a.note)} {fn.cite(a.sources)}"))
    rows += [
        ("Training data", f"{md_inline(td.text.en)}{tokens} {fn.cite(td.sources)}"),
        ("Paper", paper),
    ]
    if m.aliases:
        rows.insert(1, ("Also called", ", ".join(md_inline(a) for a in m.aliases)))
    out = ["## Facts", "", "| Fact | Value |", "| --- | --- |"]
    out += [f"| {k} | {v.strip()} |" for k, v in rows]
    return out + [""]


def _edge(lineage: Lineage, link: ParentLink, other: str, fn: Footnotes, src: str) -> str:
    method = lineage.methods[link.method]
    target = lineage.models[other]
    # the Chinese name too, so a Chinese search (e.g. 指令微调) finds the models a method produced
    zh = f' <span lang="zh">{md_inline(method.name.zh)}</span>' if method.name.zh else ""
    return (
        f"- [{md_inline(target.label)}]({links.md_link(links.model_src(other), src)}) — "
        f'<span class="lineage-method" title="{md_attr_text(method.description.en)}">'
        f"{md_inline(method.name.en)}</span>{zh} {badges.grade(lineage, link.grade)}"
        f"{_note(link.note)} {fn.cite(link.sources)}"
    ).rstrip()


def _family(lineage: Lineage, m: Model, fn: Footnotes, src: str) -> list[str]:
    out = ["## Parents and children", ""]
    parents = lineage.parents(m.id)
    children = lineage.children(m.id)
    out += ["**Trained from** (parent — training method — evidence):", ""]
    out += [_edge(lineage, p, p.parent, fn, src) for p in parents] or ["- none: trained from scratch"]
    out += ["", "**Trained into** (child — training method — evidence):", ""]
    out += [_edge(lineage, c, c.child, fn, src) for c in children] or ["- none in this lineage"]
    return out + [""]


def _place(lineage: Lineage, m: Model) -> list[str]:
    """The model's place in the lineage: the tree room's focused tree when it provides one,
    always followed by a plain-text ancestors/descendants line that works without SVG."""
    out = ["## Place in the lineage", ""]
    if _tree_focus_available():
        out += [f"[[tree-focus:{m.id}]]", ""]
    src = links.model_src(m.id)

    def names(ids: set[str]) -> str:
        ordered = [x for x in lineage.models if x in ids]
        return ", ".join(f"[{md_inline(lineage.models[x].name)}]({links.md_link(links.model_src(x), src)})"
                         for x in ordered) or "none"

    out += [f"Ancestors: {names(lineage.ancestors(m.id))}. ",
            f"Descendants: {names(lineage.descendants(m.id))}.", ""]
    return out


def _tree_focus_available() -> bool:
    """True when the tree room has registered the `[[tree-focus:ID]]` shortcode."""
    from .shortcodes import HANDLERS
    return "tree-focus" in HANDLERS


def _abilities(lineage: Lineage, m: Model, fn: Footnotes, src: str) -> list[str]:
    out = ["## Ability changes", ""]
    if not m.abilities:
        return out + ["No ability changes recorded for this model.", ""]
    out += ["| Change | Ability | Evidence | Note | Sources |", "| --- | --- | --- | --- | --- |"]
    for a in m.abilities:
        ability = lineage.abilities[a.ability]
        name = f"[{md_inline(ability.name.en)}]({links.md_link(links.ability_anchor(ability.id), src)})"
        zh = f' <span lang="zh">{md_inline(ability.name.zh)}</span>' if ability.name.zh else ""
        note = md_inline(a.note.en) if a.note else ""
        out.append(f"| {badges.change(a.change)} | {name}{zh} | {badges.grade(lineage, a.grade)} | {note} | "
                   f"{fn.cite(a.sources)} |")
    return out + [""]


def _disagreements(m: Model, fn: Footnotes) -> list[str]:
    out: list[str] = []
    for d in m.disagreements:
        # Admonition titles are inline Markdown inside quotes: escape, and keep `"` out.
        title = md_inline(f"Sources disagree: {d.topic.en}")
        out += [f'!!! warning "{title}"', ""]
        for p in d.positions:
            out.append(f"    - {md_inline(p.value.en)} {fn.cite(p.sources)}".rstrip())
        out.append("")
    return out


def _sources(lineage: Lineage, m: Model, src: str) -> list[str]:
    ids: list[str] = []
    for sid in ([m.paper] if m.paper else []) + list(m.sources):
        if sid not in ids:
            ids.append(sid)
    out = ["## Sources", ""]
    for sid in ids:
        s = lineage.sources[sid]
        out.append(f"- [{md_inline(s.title)}]({links.md_link(links.source_anchor(sid), src)}) — "
                   f"{md_inline(', '.join(s.authors))} ({s.year}) · "
                   f"[original]({md_url(s.link)}){{: .lineage-external }}")
    if not ids:
        out.append("- No overview sources; see the footnotes.")
    return out + [""]


def render(lineage: Lineage, m: Model) -> str:
    src = links.model_src(m.id)
    fn = Footnotes(lineage, src)
    out = [f"# {md_inline(m.label)}", "", md_inline(m.summary.en), ""]
    if m.summary.zh:
        out += [f'<p lang="zh">{md_inline(m.summary.zh)}</p>', ""]
    out += _facts(lineage, m, fn, src)
    out += _disagreements(m, fn)
    out += _place(lineage, m)
    out += _family(lineage, m, fn, src)
    out += _abilities(lineage, m, fn, src)
    if m.approximations:
        out += ["## Open-source approximations", ""]
        for ap in m.approximations:
            name = f"[{md_inline(ap.name)}]({md_url(ap.url)}){{: .lineage-external }}" if ap.url else md_inline(ap.name)
            out.append(f"- {name}{_note(ap.note)} {fn.cite(ap.sources)}".rstrip())
        out.append("")
    out += _sources(lineage, m, src)
    out += [fn.definitions(), ""]
    return "\n".join(out)


def render_index(lineage: Lineage) -> str:
    out = ["# Models", "",
           "Every model in the lineage, in release order. Each page lists the model's facts, parents "
           "and children, ability changes and sources.", "",
           "| Released | Model | API name | Series | Parameters | Parents |", "| --- | --- | --- | --- | --- | --- |"]
    for m in lineage.release_order():
        parents = ", ".join(
            f"[{md_inline(lineage.models[p.parent].name)}]({links.md_link(links.model_src(p.parent), INDEX_SRC)})"
            f" ({md_inline(lineage.methods[p.method].name.en)})" for p in m.parents) or "—"
        api = f"`{m.api_name}`" if m.api_name and "`" not in m.api_name else md_inline(m.api_name or "—")
        out.append(f"| {md_inline(m.release.date)} | [{md_inline(m.name)}]({links.md_link(links.model_src(m.id), INDEX_SRC)}) | "
                   f"{api} | {md_inline(m.series)} | {format_quantity(m.parameters)} | {parents} |")
    return "\n".join(out) + "\n"


def pages(lineage: Lineage, lang: str):
    yield GeneratedPage(page_src(INDEX_SRC, lang), "All models", "Models", render_index(lineage))
    for m in lineage.release_order():
        yield GeneratedPage(links.model_src(m.id, lang), m.name, "Models", render(lineage, m),
                            edit_path=f"models/{m.id}.yaml")
