"""What each training step changed: the one derivation behind the model pages' "What changed"
section, the ability pages' generated answer and the method pages' step lists.

The data records ability changes per model (`Model.abilities`) and training steps per parent link
(`Model.parents`: parent, method, grade). A step parent → child therefore changed exactly the
abilities the child records; a child with two parents records one set of changes, listed under
each step (and said so). Everything here is a pure function of the Lineage; words come from the
catalogue (`changes.*`, `ability.answer.*`), never from code.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import t
from ..lineage import Lineage
from ..model import AbilityChange, Model, ParentLink
from . import badges, links, text
from .escape import md_inline

# Order in which kinds of change are listed (strongest gain first).
CHANGE_ORDER = ("++", "+", "-", "--")
KIND = {"++": "plus2", "+": "plus", "-": "minus", "--": "minus2"}


@dataclass(frozen=True)
class Record:
    """One recorded change of one ability in one model, with the steps that produced the model."""

    model: Model
    change: AbilityChange
    steps: tuple[ParentLink, ...]  # the model's parent links; () for a model trained from scratch


def history(lineage: Lineage, ability_id: str) -> list[Record]:
    """Every model recording a change in this ability, in release order."""
    return [Record(m, a, m.parents) for m in lineage.release_order() for a in m.abilities if a.ability == ability_id]


def steps_with(lineage: Lineage, method_id: str) -> list[ParentLink]:
    """Every parent → child step trained with this method, in the children's release order."""
    return [link for m in lineage.release_order() for link in m.parents if link.method == method_id]


def changes_by_kind(changes) -> list[tuple[str, list[AbilityChange]]]:
    """The changes grouped by kind, strongest gain first; kinds with none left out."""
    return [(sym, [a for a in changes if a.change == sym]) for sym in CHANGE_ORDER
            if any(a.change == sym for a in changes)]


# --- Markdown pieces shared by the pages ------------------------------------------------------------


def model_link(lineage: Lineage, model_id: str, lang: str, src: str) -> str:
    return links.page_link(md_inline(lineage.models[model_id].name), links.model_src(model_id, lang), src)


def method_link(lineage: Lineage, method_id: str, lang: str, src: str) -> str:
    method = lineage.methods[method_id]
    return links.page_link(text.md(method.name, lang), links.method_src(method_id, lang), src)


def ability_link(lineage: Lineage, ability_id: str, lang: str, src: str) -> str:
    ability = lineage.abilities[ability_id]
    return links.page_link(text.md(ability.name, lang), links.ability_src(ability_id, lang), src)


def step_md(lineage: Lineage, link: ParentLink, lang: str, src: str) -> str:
    """`code training from GPT-3 (hypothesis)`: one training step, its method and grade."""
    return t(lang, "ability.answer.step", method=method_link(lineage, link.method, lang, src),
             parent=model_link(lineage, link.parent, lang, src), grade=badges.grade(lineage, link.grade, lang))


def steps_md(lineage: Lineage, steps, lang: str, src: str) -> str:
    if not steps:
        return t(lang, "ability.answer.step_root")
    return t(lang, "ability.answer.step_join").join(step_md(lineage, s, lang, src) for s in steps)


# --- the model page's "What changed" section ---------------------------------------------------------


def _change_list(lineage: Lineage, changes, lang: str, src: str) -> list[str]:
    out = []
    for sym, group in changes_by_kind(changes):
        names = t(lang, "changes.list_sep").join(
            f"{ability_link(lineage, a.ability, lang, src)} {badges.grade(lineage, a.grade, lang)}" for a in group)
        out.append(f"- {badges.change(sym, lang)} **{t(lang, f'changes.kind.{KIND[sym]}')}**"
                   f"{t(lang, 'changes.colon')}{names}")
    return out


def what_changed(lineage: Lineage, model: Model, lang: str, footnotes, src: str) -> list[str]:
    """Markdown lines of the model page's "What changed" section: per parent, the abilities gained,
    strengthened, weakened or lost across that step, with the step's method and grade (footnotes
    cite the step's sources)."""
    out = [f"## {t(lang, 'changes.title')}", ""]
    changes = model.abilities
    if not model.parents:
        out += [t(lang, "changes.root"), ""]
        out += _change_list(lineage, changes, lang, src) or [f"- {t(lang, 'changes.none')}"]
        return out + [""]
    if len(model.parents) > 1:
        out += [t(lang, "changes.shared"), ""]
    for link in model.parents:
        cite = footnotes.cite(link.sources)
        head = t(lang, "changes.from", parent=model_link(lineage, link.parent, lang, src),
                 method=method_link(lineage, link.method, lang, src), grade=badges.grade(lineage, link.grade, lang))
        out += [f"**{head}** {cite}".rstrip(), ""]
        out += _change_list(lineage, changes, lang, src) or [f"- {t(lang, 'changes.none')}"]
        out.append("")
    return out
