"""Claims and evidence (`claims.md`): every graded claim with its badge, reasoning, the models and
abilities it is about and its sources; and the `[[claim:ID]]` shortcode that other pages use to
point at one claim with its grade badge.

Claims are grouped by grade, strongest evidence first, so a reader sees at a glance how much of
the story is settled. Anchors: `#claim-<id>` (one per claim), `#grade-<id>` (one per group).
"""

from __future__ import annotations

from .. import i18n
from ..i18n import page_src, t
from ..lineage import Lineage
from ..model import Claim
from . import badges, links, text
from .escape import html_attr, md_attr_text, md_inline
from .page import GeneratedPage
from .references import short_label

SRC_URI = "claims.md"


def claim_id_anchor(claim_id: str) -> str:
    return f"claim-{claim_id}"


def source_links(lineage: Lineage, source_ids, from_src_uri: str, lang: str) -> str:
    """Inline Markdown citations (`[Brown et al. 2020]`) that link to the references page of `lang`
    (`from_src_uri` is the real source path of the page they are written on)."""
    out = []
    for sid in source_ids:
        label = f"&#91;{md_inline(short_label(lineage, sid))}&#93;"
        out.append(links.page_link(label, links.source_anchor(sid, lang), from_src_uri, "lineage-cite"))
    return " ".join(out)


def _claim_block(lineage: Lineage, c: Claim, src: str, lang: str) -> list[str]:
    join = t(lang, "claims.list_join")
    models = join.join(
        links.page_link(md_inline(lineage.models[m].name), links.model_src(m, lang), src) for m in c.models
    )
    abilities = join.join(
        links.page_link(text.md(lineage.abilities[a].name, lang), links.ability_anchor(a, lang), src)
        for a in c.abilities
    )
    out = [
        f'<div class="lineage-claim" id="{claim_id_anchor(c.id)}" data-claim="{html_attr(c.id)}" '
        f'data-grade="{html_attr(c.grade)}" markdown>',
        "",
        f"{badges.grade(lineage, c.grade, lang)} **{text.md(c.statement, lang)}**",
        "",
        text.md(c.reasoning, lang),
        "",
    ]
    about = []
    if models:
        about.append(t(lang, "claims.models", models=models))
    if abilities:
        about.append(t(lang, "claims.abilities", abilities=abilities))
    about.append(t(lang, "claims.sources", sources=source_links(lineage, c.sources, src, lang)))
    out.append('<p class="lineage-claim-meta" markdown>' + " · ".join(about) + "</p>")
    out += ["", "</div>", ""]
    return out


def render(lineage: Lineage, lang: str) -> str:
    src = page_src(SRC_URI, lang)
    grades = sorted(lineage.grades.values(), key=lambda g: g.rank)
    by_grade = {g.id: [c for c in lineage.claims.values() if c.grade == g.id] for g in grades}
    out = [
        f"# {t(lang, 'claims.title')}",
        "",
        t(lang, "claims.intro"),
        "",
        f"| {t(lang, 'claims.col_grade')} | {t(lang, 'claims.col_meaning')} | {t(lang, 'claims.col_claims')} |",
        "| --- | --- | --- |",
    ]
    for g in grades:
        n = len(by_grade[g.id])
        count = f"[{n}](#grade-{g.id})" if n else "0"
        out.append(f"| {badges.grade(lineage, g.id, lang)} | {text.md(g.description, lang)} | {count} |")
    out.append("")
    for g in grades:
        claims = by_grade[g.id]
        if not claims:
            continue
        out += [f"## {t(lang, 'claims.grade_heading', grade=text.md(g.name, lang), count=len(claims))} "
                f"{{#grade-{g.id} }}", ""]
        for c in claims:
            out += _claim_block(lineage, c, src, lang)
    return "\n".join(out)


def pages(lineage: Lineage, lang: str):
    yield GeneratedPage(page_src(SRC_URI, lang), t(lang, "claims.title"), "Explore", render(lineage, lang),
                        edit_path="claims.yaml")


# --- shortcode -------------------------------------------------------------------------------------


def claim_shortcode(argument: str, ctx) -> str:
    """`[[claim:ID]]`: the claim's grade badge, linking to the claim on the claims page; the link's
    title and accessible name carry the statement."""
    from .shortcodes import ShortcodeError

    if not argument:
        raise ShortcodeError("[[claim:…]] needs an id")
    c = ctx.lineage.claims.get(argument)
    if c is None:
        raise ShortcodeError(f"unknown claim id {argument!r}")
    lang = ctx.lang
    grade_name = i18n.text(ctx.lineage.grades[c.grade].name, lang)
    label = md_attr_text(t(lang, "claims.ref_label", grade=grade_name, statement=i18n.text(c.statement, lang)))
    href = html_attr(ctx.url(links.claim_anchor(c.id, lang)))
    return (f'<a class="lineage-claim-ref" href="{href}" title="{label}" aria-label="{label}">'
            f"{badges.grade(ctx.lineage, c.grade, ctx.lang)}</a>")
