"""The tree page (`tree.md`), the `[[tree]]` and `[[tree-focus:ID]]` shortcodes, the legend and the
text outline.

The interactive figure is raw HTML (the SVG needs final URLs, which only the shortcode knows:
`use_directory_urls` is a site setting), so `tree.md` itself is Markdown holding `[[tree]]` plus
the outline, which MkDocs resolves like any other relative link. The controls are `hidden` until
`docs/javascripts/lineage-tree.js` starts, so a reader without JavaScript gets the SVG (its links
work), the legend and the outline, and no dead buttons.
"""

from __future__ import annotations

import json
from urllib.parse import quote

from ..i18n import page_src
from ..lineage import Lineage
from . import links
from .escape import html_attr, html_text, md_inline
from .page import GeneratedPage
from .shortcodes import Context, ShortcodeError
from .tree import CHANGE_WORDS, _colour_vars, _f, layout, line_variant, render_svg

SRC_URI = "tree.md"


# --- legend -----------------------------------------------------------------------------------------


def _swatch(extra_class: str = "") -> str:
    return (f'<svg class="lt-swatch{extra_class}" viewBox="0 0 44 14" width="44" height="14" aria-hidden="true" '
            f'focusable="false"><line class="lt-edge-line" x1="2" y1="7" x2="42" y2="7"/></svg>')


def render_legend(lineage: Lineage) -> str:
    """What colours, markers and line styles mean: text next to every sample, never colour alone."""
    out = ['<div class="lt-legend" role="group" aria-label="Legend">',
           '<div class="lt-legend-part"><p class="lt-legend-title">Training method: edge colour and marker</p><ul>']
    for m in lineage.methods.values():
        out.append(f'<li class="lt-edge"{_colour_vars(lineage, m.id)}>{_swatch()}'
                   f'<span class="lt-legend-marker">{html_text(m.marker)}</span> '
                   f'<span title="{html_attr(m.description.en)}">{html_text(m.name.en)}</span></li>')
    out.append('</ul></div>')
    out.append('<div class="lt-legend-part"><p class="lt-legend-title">Evidence for the link: line style</p><ul>')
    for g in sorted(lineage.grades.values(), key=lambda g: (g.rank, g.id)):
        style = g.line_style if g.line_style in ("solid", "dashed", "dotted") else "solid"
        out.append(f'<li class="lt-line-{style} lt-variant-{line_variant(lineage, g.id)}">{_swatch(" lt-neutral")}<strong>{html_text(g.name.en)}</strong> '
                   f'({html_text(style)}): {html_text(g.description.en)}</li>')
    out.append('</ul></div>')
    out.append('<div class="lt-legend-part"><p class="lt-legend-title">Boxes and bands</p><ul>'
               '<li>Each box is a model: display name, API name, release date. It links to the model\'s page.</li>'
               '<li>Shaded bands are release years, read top to bottom; parents sit above their children.</li>'
               '<li>With an ability filter, <strong>+</strong> or <strong>++</strong> on a box shows the model '
               'gained the ability (++ strongly).</li></ul></div>')
    out.append("</div>")
    return "\n".join(out)


# --- interactive figure -----------------------------------------------------------------------------


def _controls(lineage: Lineage) -> str:
    options = "".join(f'<option value="{html_attr(m.name)}"></option>' for m in lineage.release_order())
    options += "".join(f'<option value="{html_attr(m.api_name)}"></option>' for m in lineage.release_order()
                       if m.api_name and m.api_name != m.name)
    abilities = "".join(f'<option value="{html_attr(a.id)}">{html_text(a.name.en)}</option>'
                        for a in lineage.abilities.values())
    methods = "".join(f'<option value="{html_attr(m.id)}">{html_text(m.name.en)}</option>'
                      for m in lineage.methods.values())
    grades = "".join(f'<label><input type="checkbox" name="grade" value="{html_attr(g.id)}" checked> '
                     f'{html_text(g.name.en)}</label>'
                     for g in sorted(lineage.grades.values(), key=lambda g: (g.rank, g.id)))
    # Two rows on a desktop (find + filters; evidence + zoom + status), wrapping on a phone; DOM
    # order is reading and tab order.
    return "\n".join([
        '<div class="lt-controls" hidden>',
        '<div class="lt-row">',
        '<form class="lt-search" role="search" action="#">'
        '<label for="lt-search-input">Find a model</label>'
        '<input id="lt-search-input" name="q" type="search" list="lt-search-list" autocomplete="off" '
        'placeholder="name or API name">'
        f'<datalist id="lt-search-list">{options}</datalist>'
        '<button type="submit" class="lt-button">Go</button></form>',
        f'<label class="lt-field">Ability <select name="ability"><option value="">any</option>{abilities}</select></label>',
        f'<label class="lt-field">Training method <select name="method"><option value="">any</option>{methods}</select></label>',
        '</div>',
        '<div class="lt-row">',
        f'<fieldset class="lt-grades"><legend>Evidence</legend>{grades}</fieldset>',
        '<div class="lt-zoom" role="group" aria-label="Zoom">'
        '<button type="button" class="lt-button" data-zoom="in" aria-label="Zoom in" title="Zoom in">+</button>'
        '<button type="button" class="lt-button" data-zoom="out" aria-label="Zoom out" title="Zoom out">\u2212</button>'
        '<button type="button" class="lt-button" data-zoom="reset">Reset view</button></div>',
        '<p class="lt-status" role="status" aria-live="polite"></p>',
        '</div>',
        "</div>",
    ])


def names_json(lineage: Lineage) -> str:
    """Names the script shows in the tooltip, as JSON for the root's `data-names` attribute (the graph
    itself the script reads from the SVG). Not a `<script type="application/json">`: Material's
    instant navigation re-creates inline scripts without their `type` and would run it as code."""
    return json.dumps({
        "abilities": {a.id: {"en": a.name.en, "zh": a.name.zh} for a in lineage.abilities.values()},
        "methods": {m.id: m.name.en for m in lineage.methods.values()},
        "grades": {g.id: g.name.en for g in lineage.grades.values()},
        "changes": CHANGE_WORDS,
    }, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def figure(lineage: Lineage, src_uri: str, use_directory_urls: bool) -> str:
    """The interactive tree: controls, SVG, tooltip, legend; names for the script in `data-names`.
    The tree's size in `--lt-w`/`--lt-h` lets the stylesheet give the stage its final height before
    the script runs, so nothing below it moves when the tree becomes interactive."""
    lay = layout(lineage)
    return "\n".join([
        f'<div class="lineage-tree" data-lineage-tree="interactive" data-names="{html_attr(names_json(lineage))}" '
        f'style="--lt-w: {_f(lay.width)}; --lt-h: {_f(lay.height)}" data-search-exclude>',
        _controls(lineage),
        '<div class="lt-stage">',
        render_svg(lineage, src_uri, use_directory_urls),
        '<div class="lt-tooltip" hidden></div>',
        "</div>",
        "</div>",
        render_legend(lineage),
    ])


def focus_svg(lineage: Lineage, model_id: str, from_src_uri: str, use_directory_urls: bool) -> str:
    """The model page's view: this model, its ancestors and descendants, cropped from the one
    layout of the whole tree; static (no controls), every box a link. The caption links to the
    interactive tree with this model selected."""
    m = lineage.models[model_id]
    tree_url = links.url_for(SRC_URI, from_src_uri, use_directory_urls) + "?model=" + quote(model_id, safe="")
    svg = render_svg(lineage, from_src_uri, use_directory_urls, focus=model_id, id_prefix="focus-",
                     title=f"{m.name} in the GPT lineage")
    return "\n".join([
        '<div class="lineage-tree lineage-tree--focus" data-search-exclude>',
        f'<div class="lt-stage">{svg}</div>',
        f'<p class="lt-caption">{html_text(m.name)} (thick outline) with the models it comes from and the '
        f'models that come from it; links off its line are faded. '
        f'<a href="{html_attr(tree_url)}">See it in the whole interactive tree</a>.</p>',
        "</div>",
    ])


# --- shortcodes -------------------------------------------------------------------------------------


def tree_shortcode(argument: str, ctx: Context) -> str:
    """`[[tree]]`: the interactive tree (once per page: the controls use fixed ids)."""
    if argument:
        raise ShortcodeError(f"[[tree]] takes no argument (got {argument!r})")
    return figure(ctx.lineage, ctx.src_uri, ctx.use_directory_urls)


def focus_shortcode(argument: str, ctx: Context) -> str:
    """`[[tree-focus:MODEL_ID]]`: the tree with one model's lineage highlighted."""
    if not argument:
        raise ShortcodeError("[[tree-focus:…]] needs a model id")
    if argument not in ctx.lineage.models:
        raise ShortcodeError(f"unknown model id {argument!r}")
    return focus_svg(ctx.lineage, argument, ctx.src_uri, ctx.use_directory_urls)


# --- text outline and page --------------------------------------------------------------------------


def render_outline(lineage: Lineage, src_uri: str = SRC_URI) -> str:
    """The tree as a nested Markdown list, roots first, children in release order. A model with two
    parents appears under each; the second time without its subtree ("shown above")."""
    lines: list[str] = []
    shown: set[str] = set()
    roots = [m.id for m in lineage.roots()]
    todo: list[tuple[str, object, int]] = [(mid, None, 0) for mid in reversed(roots)]
    pending = [mid for mid in lineage.models]

    while todo or pending:
        if not todo:  # models reachable from no root (bad data): list them at the top level
            mid = pending.pop(0)
            if mid not in shown:
                todo.append((mid, None, 0))
            continue
        mid, link, depth = todo.pop()
        m = lineage.models[mid]
        api = f" (API: {md_inline(m.api_name)})" if m.api_name and m.api_name not in m.name else ""
        text = f"[{md_inline(m.name)}]({links.md_link(links.model_src(mid), src_uri)}){api}, {md_inline(m.release.date)}"
        if link is not None:
            parent = lineage.models[link.parent]
            method = lineage.methods.get(link.method)
            grade = lineage.grades.get(link.grade)
            text += (f": from {md_inline(parent.name)} by {md_inline(method.name.en if method else link.method)}"
                     f" ({md_inline(grade.name.en if grade else link.grade)})")
        if mid in shown:
            lines.append("    " * depth + f"- {text} (shown above)")
            continue
        lines.append("    " * depth + f"- {text}")
        shown.add(mid)
        for child_link in reversed(lineage.children(mid)):
            todo.append((child_link.child, child_link, depth + 1))
    return "\n".join(lines) + "\n"


# Material hides the navigation and table of contents on this page: the tree gets the full width
# and starts in the first screen. MkDocs reads this front matter from generated pages too.
FRONT_MATTER = "---\nhide:\n  - navigation\n  - toc\n---\n"


def render(lineage: Lineage) -> str:
    return "\n".join([
        FRONT_MATTER,
        "# Evolution tree",
        "",
        "Every model in the data set by release year, top to bottom, linked to the models it was trained "
        "from. Colour and marker: training method; line style: evidence. [How to use it](#how-to-use-the-tree).",
        "",
        "[[tree]]",
        "",
        "## How to use the tree",
        "",
        "Hover over or tab to a model to highlight its ancestors and descendants and see its abilities; click "
        "or press Enter to open its page; Escape clears. Arrow keys follow the lines: up to a parent, down to a "
        "child, left and right through the models in release order. Filter by ability, training method or "
        "evidence, or find a model by name. The address bar keeps the view, so a copied link shows the same "
        "picture. Drag to pan, use the wheel or pinch to zoom. The picture is drawn from `data/` on every build.",
        "",
        "## Text outline",
        "",
        "The same tree as a nested list: each model under the model it was trained from.",
        "",
        '<div class="lt-outline" markdown>',
        "",
        render_outline(lineage),
        "</div>",
        "",
    ])


def pages(lineage: Lineage, lang: str):
    yield GeneratedPage(page_src(SRC_URI, lang), "Evolution tree", "Explore", render(lineage))
