"""Claims and evidence (`claims.md`): every graded claim with its badge, reasoning, the models and
abilities it is about and its sources; and the `[[claim:ID]]` shortcode that other pages use to
point at one claim with its grade badge.

Claims are grouped by grade, strongest evidence first, so a reader sees at a glance how much of
the story is settled. Anchors: `#claim-<id>` (one per claim), `#grade-<id>` (one per group).
"""

from __future__ import annotations

from ..i18n import page_src
from ..lineage import Lineage
from ..model import Claim
from . import badges, links
from .escape import html_attr, md_attr_text, md_inline
from .page import GeneratedPage
from .references import short_label

SRC_URI = "claims.md"


def claim_id_anchor(claim_id: str) -> str:
    return f"claim-{claim_id}"


def source_links(lineage: Lineage, source_ids, from_src_uri: str) -> str:
    """Inline Markdown citations (`[Brown et al. 2020]`) that link to the references page."""
    out = []
    for sid in source_ids:
        target = links.md_link(links.source_anchor(sid), from_src_uri)
        out.append(f"[&#91;{md_inline(short_label(lineage, sid))}&#93;]({target}){{: .lineage-cite }}")
    return " ".join(out)


def _claim_block(lineage: Lineage, c: Claim) -> list[str]:
    models = ", ".join(
        f"[{md_inline(lineage.models[m].name)}]({links.md_link(links.model_src(m), SRC_URI)})" for m in c.models
    )
    abilities = ", ".join(
        f"[{md_inline(lineage.abilities[a].name.en)}]({links.md_link(links.ability_anchor(a), SRC_URI)})"
        for a in c.abilities
    )
    out = [
        f'<div class="lineage-claim" id="{claim_id_anchor(c.id)}" data-claim="{html_attr(c.id)}" '
        f'data-grade="{html_attr(c.grade)}" markdown>',
        "",
        f"{badges.grade(lineage, c.grade, 'en')} **{md_inline(c.statement.en)}**",
        "",
        md_inline(c.reasoning.en),
        "",
    ]
    about = []
    if models:
        about.append(f"Models: {models}")
    if abilities:
        about.append(f"Abilities: {abilities}")
    about.append(f"Sources: {source_links(lineage, c.sources, SRC_URI)}")
    out.append('<p class="lineage-claim-meta" markdown>' + " · ".join(about) + "</p>")
    out += ["", "</div>", ""]
    return out


def render(lineage: Lineage) -> str:
    grades = sorted(lineage.grades.values(), key=lambda g: g.rank)
    by_grade = {g.id: [c for c in lineage.claims.values() if c.grade == g.id] for g in grades}
    out = [
        "# Claims and evidence",
        "",
        "The roadmap behind this site grades its own statements: a *conclusion* has many pieces of "
        "evidence behind it, a *hypothesis* has positive but not decisive evidence, an *educated "
        "guess* has only circumstantial support. Every claim below carries that grade (the authors' "
        "where they gave one, ours otherwise, with the reason), the models and abilities it is about, "
        "and its sources. Other pages point here with the same badges.",
        "",
        "| Grade | What it means | Claims |",
        "| --- | --- | --- |",
    ]
    for g in grades:
        n = len(by_grade[g.id])
        count = f"[{n}](#grade-{g.id})" if n else "0"
        out.append(f"| {badges.grade(lineage, g.id, 'en')} | {md_inline(g.description.en)} | {count} |")
    out.append("")
    for g in grades:
        claims = by_grade[g.id]
        if not claims:
            continue
        out += [f"## {md_inline(g.name.en)} ({len(claims)}) {{#grade-{g.id} }}", ""]
        for c in claims:
            out += _claim_block(lineage, c)
    return "\n".join(out)


def pages(lineage: Lineage, lang: str):
    yield GeneratedPage(page_src(SRC_URI, lang), "Claims and evidence", "Explore", render(lineage), edit_path="claims.yaml")


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
    grade_name = ctx.lineage.grades[c.grade].name.en
    label = md_attr_text(f"{grade_name} — claim: {c.statement.en}")
    href = html_attr(ctx.url(links.claim_anchor(c.id)))
    return (f'<a class="lineage-claim-ref" href="{href}" title="{label}" aria-label="{label}">'
            f"{badges.grade(ctx.lineage, c.grade, ctx.lang)}</a>")
