"""One page per model (`models/<id>.md`) and the models index (`models/index.md`).

A model page: summary, facts table, place in the lineage, parents and children (each with its
training method), ability changes with change and grade badges, a "sources disagree" admonition per
recorded disagreement, the model's sources; every claim cites its sources as footnotes that link
to the references page.
"""

from __future__ import annotations


from .. import i18n
from ..i18n import page_src, t
from ..lineage import Lineage
from ..model import DISTILLED_FROM, TRAINED_FROM, Model, ParentLink, Quantity, Text
from . import badges, links, references, text
from .escape import anchor_slug, md_inline
from .page import GeneratedPage
from .references import Footnotes

INDEX_SRC = "models/index.md"


# --- formatting shared with [[fact:…]] ------------------------------------------------------------


def format_count(n: int) -> str:
    """117000000 -> 117M, 1500000000 -> 1.5B, 175000000000 -> 175B (the same in both languages:
    Chinese ML writing says 175B too)."""
    for size, suffix in ((10**12, "T"), (10**9, "B"), (10**6, "M"), (10**3, "K")):
        if n >= size:
            value = n / size
            shown = f"{value:.1f}".rstrip("0").rstrip(".") if value < 100 else f"{value:.0f}"
            return shown + suffix
    return str(n)


def format_quantity(q: Quantity, lang: str, unit: str = "") -> str:
    if q.undisclosed:
        return t(lang, "model.undisclosed")
    if unit == "tokens":
        return t(lang, "model.tokens", n=f"{q.value:,}")
    return format_count(q.value)


def format_fact(m: Model, field: str, lang: str) -> str:
    """The displayed value of one fact of a model (also used by the `[[fact:…]]` shortcode)."""
    arch = m.architecture
    values = {
        "parameters": lambda: format_quantity(m.parameters, lang),
        "context_window": lambda: format_quantity(m.context_window, lang, "tokens"),
        "layers": lambda: _maybe(arch and arch.layers, lang),
        "heads": lambda: _maybe(arch and arch.heads, lang),
        "d_model": lambda: _maybe(arch and arch.d_model, lang, thousands=True),
        "release": lambda: m.release.date,
        "training_tokens": lambda: (format_count(m.training_data.tokens) if m.training_data.tokens
                                    else t(lang, "model.undisclosed")),
        "api_name": lambda: m.api_name or t(lang, "model.not_in_api"),
    }
    return values[field]()


def _maybe(value, lang: str, thousands: bool = False) -> str:
    if value is None or value is False:
        return t(lang, "model.undisclosed")
    return f"{value:,}" if thousands else str(value)


def _note(value: Text | None, lang: str) -> str:
    return f" — {text.md(value, lang)}" if value else ""


def _heading(key: str, lang: str) -> str:
    """A section heading with the English heading's id in every language, so `#facts` links work
    in both editions."""
    return f"## {t(lang, key)} {{#{anchor_slug(t('en', key))}}}"


def _api_cell(m: Model, lang: str, missing: str) -> str:
    if m.api_name and "`" not in m.api_name:
        return f"`{m.api_name}`"
    return md_inline(m.api_name or missing)


# --- the page -----------------------------------------------------------------------------------


def _facts(lineage: Lineage, m: Model, fn: Footnotes, src: str, lang: str) -> list[str]:
    paper = "—"
    if m.paper:
        s = lineage.sources[m.paper]
        paper = f"{links.page_link(md_inline(s.title), links.source_anchor(s.id, lang), src)} {fn.cite([s.id])}"
    td = m.training_data
    tokens = f" ({t(lang, 'model.tokens', n=format_count(td.tokens))})" if td.tokens else ""
    rows = [
        (t(lang, "model.api_name"), _api_cell(m, lang, t(lang, "model.not_in_api"))),
        (t(lang, "model.organisation"), md_inline(m.organisation)),
        (t(lang, "model.series"), md_inline(m.series)),
        (t(lang, "model.weights"), md_inline(t(lang, "model.weights_open", licence=m.licence or "—")
                                             if m.open_weights else t(lang, "model.weights_closed"))),
        (t(lang, "model.release"), f"{md_inline(m.release.date)}{_note(m.release.note, lang)} {fn.cite(m.release.sources)}"),
        (t(lang, "model.parameters"), f"{format_quantity(m.parameters, lang)}{_note(m.parameters.note, lang)} "
                                      f"{fn.cite(m.parameters.sources)}"),
        (t(lang, "model.context_window"), f"{format_quantity(m.context_window, lang, 'tokens')}"
                                          f"{_note(m.context_window.note, lang)} {fn.cite(m.context_window.sources)}"),
    ]
    if m.knowledge_cutoff:
        k = m.knowledge_cutoff
        rows.append((t(lang, "model.knowledge_cutoff"), f"{md_inline(k.date)}{_note(k.note, lang)} {fn.cite(k.sources)}"))
    if m.architecture:
        a = m.architecture
        shape = t(lang, "model.shape", layers=format_fact(m, "layers", lang), heads=format_fact(m, "heads", lang),
                  d_model=format_fact(m, "d_model", lang))
        rows.append((t(lang, "model.architecture"), f"{shape}{_note(a.note, lang)} {fn.cite(a.sources)}"))
    rows += [
        (t(lang, "model.training_data"), f"{text.md(td.text, lang)}{tokens} {fn.cite(td.sources)}"),
        (t(lang, "model.paper"), paper),
    ]
    if m.aliases:
        rows.insert(1, (t(lang, "model.aliases"), ", ".join(md_inline(a) for a in m.aliases)))
    out = [_heading("model.facts", lang), "", f"| {t(lang, 'model.fact')} | {t(lang, 'model.value')} |",
           "| --- | --- |"]
    out += [f"| {k} | {v.strip()} |" for k, v in rows]
    return out + [""]


def _edge(lineage: Lineage, link: ParentLink, other: str, fn: Footnotes, src: str, lang: str) -> str:
    method = lineage.methods[link.method]
    target = lineage.models[other]
    # English pages also show the method's Chinese name, so a Chinese search finds the models it produced.
    zh = f' <span lang="zh">{md_inline(method.name.zh)}</span>' if lang == "en" and method.name.zh else ""
    return (
        f"- {links.page_link(md_inline(target.label), links.model_src(other, lang), src)} — "
        f'<span class="lineage-method" title="{text.attr(method.description, lang)}">'
        f"{text.md(method.name, lang)}</span>{zh} {badges.grade(lineage, link.grade, lang)}"
        f"{_note(link.note, lang)} {fn.cite(link.sources)}"
    ).rstrip()


def _succession(lineage: Lineage, other: str, grade: str, note, sources, fn: Footnotes, src: str, lang: str) -> str:
    target = lineage.models[other]
    return (f"- {links.page_link(md_inline(target.label), links.model_src(other, lang), src)} "
            f"{badges.grade(lineage, grade, lang)}{_note(note, lang)} {fn.cite(sources)}").rstrip()


def _family(lineage: Lineage, m: Model, fn: Footnotes, src: str, lang: str) -> list[str]:
    """Training parents and children by relation (trained from / trained on outputs of), then
    succession, which is not a training relation."""
    out = [_heading("model.family", lang), ""]
    parents = lineage.parents(m.id)
    trained = [p for p in parents if p.relation == TRAINED_FROM]
    distilled = [p for p in parents if p.relation == DISTILLED_FROM]
    children = lineage.children(m.id)
    if trained or not distilled:
        none = "model.no_parent" if lineage.is_first(m.id) else "model.no_relation"
        out += [t(lang, "model.trained_from"), ""]
        out += [_edge(lineage, p, p.parent, fn, src, lang) for p in trained] or [f"- {t(lang, none)}"]
        out += [""]
    if distilled:
        out += [t(lang, "model.distilled_from"), ""]
        out += [_edge(lineage, p, p.parent, fn, src, lang) for p in distilled] + [""]
    out += [t(lang, "model.trained_into"), ""]
    out += ([_edge(lineage, c, c.child, fn, src, lang) for c in children if c.relation == TRAINED_FROM]
            or [f"- {t(lang, 'model.no_child')}"])
    taught = [c for c in children if c.relation == DISTILLED_FROM]
    if taught:
        out += ["", t(lang, "model.distilled_into"), ""]
        out += [_edge(lineage, c, c.child, fn, src, lang) for c in taught]
    if m.succeeds:
        out += ["", t(lang, "model.succeeds"), ""]
        out += [_succession(lineage, x.predecessor, x.grade, x.note, x.sources, fn, src, lang) for x in m.succeeds]
    successors = lineage.succeeded_by(m.id)
    if successors:
        out += ["", t(lang, "model.succeeded_by"), ""]
        out += [_succession(lineage, x.successor, x.grade, x.note, x.sources, fn, src, lang) for x in successors]
    return out + [""]


def _model_link(lineage: Lineage, model_id: str, src: str, lang: str) -> str:
    return links.page_link(md_inline(lineage.models[model_id].label), links.model_src(model_id, lang), src)


def _method_name(lineage: Lineage, method_id: str, lang: str) -> str:
    return text.md(lineage.methods[method_id].name, lang)


def _weights(m: Model, lang: str) -> str:
    return md_inline(t(lang, "model.weights_open", licence=m.licence or "—") if m.open_weights
                     else t(lang, "model.weights_closed"))


def _reproduces(lineage: Lineage, m: Model, fn: Footnotes, src: str, lang: str) -> list[str]:
    """For a model that reproduces OpenAI steps: each step, its method, grade, how close, sources."""
    if not m.reproduces:
        return []
    out = [_heading("model.reproduces", lang), "", t(lang, "model.reproduces_intro"), "",
           "| " + " | ".join(t(lang, f"model.col_{c}") for c in ("step", "method", "evidence", "how_close", "sources"))
           + " |", "| --- | --- | --- | --- | --- |"]
    for r in m.reproduces:
        parents = [p.parent for p in lineage.parents(r.target) if p.method == r.method]
        step = t(lang, "model.list_sep").join(
            f"{_model_link(lineage, p, src, lang)} → {_model_link(lineage, r.target, src, lang)}" for p in parents
        ) or f"{md_inline(t(lang, 'model.no_base'))} → {_model_link(lineage, r.target, src, lang)}"
        note = text.md(r.note, lang) if r.note else ""
        out.append(f"| {step} | {_method_name(lineage, r.method, lang)} | {badges.grade(lineage, r.grade, lang)} | "
                   f"{note} | {fn.cite(r.sources)} |")
    return out + [""]


def _reproductions(lineage: Lineage, m: Model, fn: Footnotes, src: str, lang: str) -> list[str]:
    """For a model whose training step open models reproduce: who, by which method, how close."""
    found = lineage.reproductions_of(m.id)
    if not found:
        return []
    out = [_heading("model.reproductions", lang), "", t(lang, "model.reproductions_intro"), "",
           "| " + " | ".join(t(lang, f"model.col_{c}") for c in
                             ("model", "organisation", "method", "weights", "evidence", "how_close", "sources"))
           + " |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in found:
        other = lineage.models[r.model]
        note = text.md(r.note, lang) if r.note else ""
        out.append(f"| {_model_link(lineage, r.model, src, lang)} | {md_inline(other.organisation)} | "
                   f"{_method_name(lineage, r.method, lang)} | {_weights(other, lang)} | "
                   f"{badges.grade(lineage, r.grade, lang)} | {note} | {fn.cite(r.sources)} |")
    return out + [""]


def _place(lineage: Lineage, m: Model, lang: str) -> list[str]:
    """The model's place in the lineage: the focused tree, then a plain-text ancestors/descendants
    line that works without SVG."""
    out = [_heading("model.place", lang), "", f"[[tree-focus:{m.id}]]", ""]
    src = links.model_src(m.id, lang)

    def names(ids: set[str]) -> str:
        ordered = [x for x in lineage.models if x in ids]
        return t(lang, "model.list_sep").join(
            links.page_link(md_inline(lineage.models[x].name), links.model_src(x, lang), src)
            for x in ordered) or t(lang, "model.none")

    out += [t(lang, "model.ancestors", names=names(lineage.ancestors(m.id))) + " ",
            t(lang, "model.descendants", names=names(lineage.descendants(m.id))), ""]
    return out


def _abilities(lineage: Lineage, m: Model, fn: Footnotes, src: str, lang: str) -> list[str]:
    out = [_heading("model.ability_changes", lang), ""]
    if not m.abilities:
        return out + [t(lang, "model.no_ability_changes"), ""]
    out += ["| " + " | ".join(t(lang, f"model.col_{c}") for c in ("change", "ability", "evidence", "note", "sources"))
            + " |", "| --- | --- | --- | --- | --- |"]
    for a in m.abilities:
        ability = lineage.abilities[a.ability]
        name = links.page_link(text.md(ability.name, lang), links.ability_anchor(ability.id, lang), src)
        zh = f' <span lang="zh">{md_inline(ability.name.zh)}</span>' if lang == "en" and ability.name.zh else ""
        note = text.md(a.note, lang) if a.note else ""
        out.append(f"| {badges.change(a.change, lang)} | {name}{zh} | {badges.grade(lineage, a.grade, lang)} | "
                   f"{note} | {fn.cite(a.sources)} |")
    return out + [""]


def _disagreements(m: Model, fn: Footnotes, lang: str) -> list[str]:
    out: list[str] = []
    for d in m.disagreements:
        # Admonition titles are inline Markdown inside quotes: escape, and keep `"` out.
        title = md_inline(t(lang, "model.disagree", topic=i18n.text(d.topic, lang)))
        out += [f'!!! warning "{title}"', ""]
        for p in d.positions:
            out.append(f"    - {text.md(p.value, lang)} {fn.cite(p.sources)}".rstrip())
        out.append("")
    return out


def approximation_name(lineage: Lineage, ap, src: str, lang: str) -> str:
    """An approximation's name: linked to its model page when it names a model in the data, else to
    its URL (external), else plain."""
    mid = lineage.model_named(ap.name)
    if mid is not None:
        return links.page_link(md_inline(ap.name), links.model_src(mid, lang), src)
    return links.external_link(md_inline(ap.name), ap.url) if ap.url else md_inline(ap.name)


def _approximations(lineage: Lineage, m: Model, fn: Footnotes, src: str, lang: str) -> list[str]:
    """Approximations that are not (yet) reproductions in the data; those are in _reproductions."""
    shown = lineage.approximations_not_reproducing(m.id)
    if not shown:
        return []
    out = [_heading("model.approximations", lang), ""]
    for ap in shown:
        name = approximation_name(lineage, ap, src, lang)
        out.append(f"- {name}{_note(ap.note, lang)} {fn.cite(ap.sources)}".rstrip())
    return out + [""]


def _sources(lineage: Lineage, m: Model, src: str, lang: str) -> list[str]:
    ids: list[str] = []
    for sid in ([m.paper] if m.paper else []) + list(m.sources):
        if sid not in ids:
            ids.append(sid)
    out = [_heading("model.sources", lang), ""]
    return out + references.source_items(lineage, ids, src, lang, t(lang, "model.no_sources")) + [""]


def render(lineage: Lineage, m: Model, lang: str) -> str:
    src = links.model_src(m.id, lang)
    fn = Footnotes(lineage, src, lang)
    out = [f"# {md_inline(m.label)}", "", text.md(m.summary, lang), ""]
    if lang == "en" and m.summary.zh:  # English pages carry the Chinese summary for Chinese search
        out += [f'<p lang="zh">{md_inline(m.summary.zh)}</p>', ""]
    out += _facts(lineage, m, fn, src, lang)
    out += _disagreements(m, fn, lang)
    out += _place(lineage, m, lang)
    out += _family(lineage, m, fn, src, lang)
    out += _abilities(lineage, m, fn, src, lang)
    out += _reproduces(lineage, m, fn, src, lang)
    out += _reproductions(lineage, m, fn, src, lang)
    out += _approximations(lineage, m, fn, src, lang)
    from .changes import what_changed  # per parent: the abilities that changed across that step
    out += what_changed(lineage, m, lang, fn, src)
    out += _sources(lineage, m, src, lang)
    out += [fn.definitions(), ""]
    return "\n".join(out)


def render_index(lineage: Lineage, lang: str) -> str:
    src = page_src(INDEX_SRC, lang)
    columns = ("released", "model", "api_name", "series", "parameters", "parents")
    out = [f"# {t(lang, 'model.index_title')}", "", t(lang, "model.index_intro"), "",
           "| " + " | ".join(t(lang, f"model.index_{c}") for c in columns) + " |",
           "| --- | --- | --- | --- | --- | --- |"]
    for m in lineage.release_order():
        parents = t(lang, "model.list_sep").join(
            f"{links.page_link(md_inline(lineage.models[p.parent].name), links.model_src(p.parent, lang), src)}"
            f" ({text.md(lineage.methods[p.method].name, lang)})" for p in m.parents) or "—"
        out.append(f"| {md_inline(m.release.date)} | {links.page_link(md_inline(m.name), links.model_src(m.id, lang), src)} | "
                   f"{_api_cell(m, lang, '—')} | {md_inline(m.series)} | {format_quantity(m.parameters, lang)} | {parents} |")
    return "\n".join(out) + "\n"


def pages(lineage: Lineage, lang: str):
    yield GeneratedPage(page_src(INDEX_SRC, lang), t(lang, "model.index_nav"), "Models", render_index(lineage, lang))
    for m in lineage.release_order():
        yield GeneratedPage(links.model_src(m.id, lang), m.name, "Models", render(lineage, m, lang),
                            edit_path=f"models/{m.id}.yaml")
