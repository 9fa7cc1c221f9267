"""An ability's provenance in the tree: the `[[ability-tree:ID]]` shortcode of the ability pages.

The models that record a change in the ability, and the models on the lines between them, cropped
from the ONE layout of the whole tree (`tree.layout`, cached per Lineage: no second layout). Each
recording model is outlined and shows its change badge (+ ++ − −−) in its corner; models in between
are faded. Static SVG: no controls, every box a plain link (`xlink:href`, as in tree.py), so it
works without JavaScript; the caption links to the interactive tree filtered by this ability.

Edges, bands and the crop come from tree.py's own functions; the nodes are drawn here (same
geometry and classes as tree.py's, with this page's labels) because they carry the badge.
"""

from __future__ import annotations

import inspect
from urllib.parse import quote

from ..i18n import page_src, t, text as data_text
from ..lineage import Lineage
from . import badges, links, tree
from .escape import html_attr, html_text, svg_attr, svg_text
from .shortcodes import Context, ShortcodeError
from .tree_page import static_stage

TREE_SRC = "tree.md"
BADGE_TEXT = {"++": "++", "+": "+", "-": "\u2212", "--": "\u2212\u2212"}


# The provenance set is defined once, in tree.py: the interactive tree's ability filter highlights
# the same set this view draws.
Provenance = tree.Provenance


def _call(fn, *args, lang: str, **kwargs):
    """Call a tree.py function, passing `lang` once it takes one (tree.py is being made bilingual)."""
    if "lang" in inspect.signature(fn).parameters:
        kwargs["lang"] = lang
    return fn(*args, **kwargs)


def _node(lineage: Lineage, lay, mid: str, prov: Provenance, href: str, lang: str) -> list[str]:
    m = lineage.models[mid]
    w, h = lay.node_w, lay.node_h
    x, y = lay.nodes[mid]
    left, top = x - w / 2, y - h / 2
    f = tree._f
    symbol = prov.changes.get(mid)
    if symbol:
        cls = f"lt-node lt-match lt-prov-{badges.CHANGE_CLASS[symbol]}"
        label = t(lang, "ability.node_label", model=m.name, change=badges.change_words(symbol, lang))
    else:
        cls = "lt-node lt-dim"
        label = t(lang, "ability.node_between", model=m.name)
    api_cls = "lt-api" if m.api_name else "lt-api lt-api-none"
    return [
        f'<a id="prov-node-{svg_attr(mid)}" class="{cls}" xlink:href="{svg_attr(href)}" data-model="{svg_attr(mid)}"'
        f' data-change="{svg_attr(symbol or "")}" aria-label="{svg_attr(label)}">',
        f'<rect class="lt-box" x="{f(left)}" y="{f(top)}" width="{f(w)}" height="{f(h)}" rx="6"/>',
        f'<text class="lt-name" x="{f(x)}" y="{f(top + 19)}">{svg_text(tree.short(m.name))}</text>',
        f'<text class="{api_cls}" x="{f(x)}" y="{f(top + 35)}">{svg_text(tree.short(_call(tree.api_line, m, lang=lang)))}</text>',
        f'<text class="lt-date" x="{f(x)}" y="{f(top + 50)}">{svg_text(m.release.date)}</text>',
        f'<text class="lt-badge" x="{f(left + w - 6)}" y="{f(top + 14)}">{svg_text(BADGE_TEXT.get(symbol, ""))}</text>',
        "</a>",
    ]


def render_svg(lineage: Lineage, ability_id: str, from_src_uri: str, use_directory_urls: bool, lang: str) -> str:
    """The provenance SVG: recording models and the models between them, cropped from the one layout."""
    lay = tree.layout(lineage)
    prov = Provenance.of(lineage, ability_id)
    members = prov.members
    edges = [e for e in lay.links if e.parent in members and e.child in members]
    view = tree.crop_around(lay, members, edges)
    name = data_text(lineage.abilities[ability_id].name, lang)
    out = [tree._svg_open(view, True, "prov-", t(lang, "ability.figure_title", ability=name)),
           '<g class="lt-viewport">']
    out += tree._bands(lay, view)
    out.append('<g class="lt-edges" aria-hidden="true">')
    for e in edges:
        out += _call(tree._edge, lineage, lay, e, prov, "prov-", lang=lang)
    out += ["</g>", '<g class="lt-nodes">']
    for m in lineage.release_order():
        if m.id in members:
            href = links.url_for(links.model_src(m.id, lang), from_src_uri, use_directory_urls)
            out += _node(lineage, lay, m.id, prov, href, lang)
    out += ["</g>", "</g>", "</svg>"]
    return "\n".join(out)


def figure(lineage: Lineage, ability_id: str, from_src_uri: str, use_directory_urls: bool, lang: str) -> str:
    name = data_text(lineage.abilities[ability_id].name, lang)
    if not any(a.ability == ability_id for m in lineage.models.values() for a in m.abilities):
        return f'<p class="lt-caption">{html_text(t(lang, "ability.figure_none", ability=name))}</p>'
    tree_url = (links.url_for(page_src(TREE_SRC, lang), from_src_uri, use_directory_urls)
                + "?ability=" + quote(ability_id, safe=""))
    return "\n".join([
        '<div class="lineage-tree lineage-tree--focus lineage-provenance" data-search-exclude>',
        static_stage(render_svg(lineage, ability_id, from_src_uri, use_directory_urls, lang),
                     t(lang, "ability.figure_caption", ability=name)),
        f'<p class="lt-caption">{html_text(t(lang, "ability.figure_caption", ability=name))} '
        f'<a href="{html_attr(tree_url)}">{html_text(t(lang, "ability.figure_tree_link"))}</a>.</p>',
        "</div>",
    ])


def provenance_shortcode(argument: str, ctx: Context) -> str:
    """`[[ability-tree:ABILITY_ID]]`: the tree cropped to where one ability comes from."""
    if not argument:
        raise ShortcodeError("[[ability-tree:…]] needs an ability id")
    if argument not in ctx.lineage.abilities:
        raise ShortcodeError(f"unknown ability id {argument!r}")
    return figure(ctx.lineage, argument, ctx.src_uri, ctx.use_directory_urls, ctx.lang)
