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

from ..i18n import DEFAULT, LANGUAGES, catalogue, language_of, page_src, t
from ..i18n import text as data_text
from ..lineage import Lineage
from ..model import DISTILLED_FROM, TRAINED_FROM
from . import links, text
from .escape import html_attr, html_text, md_inline
from .page import GeneratedPage
from .shortcodes import Context, ShortcodeError
from .tree import (_colour_vars, _f, ability_name, change_words, grade_name, layout, line_variant, method_name,
                   provenance, render_svg)

SRC_URI = "tree.md"
LINE_STYLES = ("solid", "dashed", "dotted")


def _say(lang: str, key: str, **html_values: str) -> str:
    """A catalogue sentence as HTML text, with `{name}` places filled by HTML the caller built."""
    return html_text(t(lang, key)).format(**html_values) if html_values else html_text(t(lang, key))


# --- legend -----------------------------------------------------------------------------------------


def _swatch(extra_class: str = "") -> str:
    return (f'<svg class="lt-swatch{extra_class}" viewBox="0 0 44 14" width="44" height="14" aria-hidden="true" '
            f'focusable="false"><line class="lt-edge-line" x1="2" y1="7" x2="42" y2="7"/></svg>')


def _relation_swatch(kind: str) -> str:
    """A sample of one relation kind, drawn with the tree's own classes (so it looks the same)."""
    if kind == "succeeds":
        return ('<svg class="lt-swatch" viewBox="0 0 44 14" width="44" height="14" aria-hidden="true" focusable="false">'
                '<g class="lt-succ"><line class="lt-succ-line" x1="2" y1="7" x2="36" y2="7"/>'
                '<circle class="lt-succ-head" cx="38" cy="7" r="3.6"/></g></svg>')
    core = '<line class="lt-edge-core" x1="2" y1="7" x2="33" y2="7"/>' if kind == DISTILLED_FROM else ""
    return (f'<svg class="lt-swatch" viewBox="0 0 44 14" width="44" height="14" aria-hidden="true" focusable="false">'
            f'<g class="lt-edge lt-rel-{kind} lt-neutral"><line class="lt-edge-line" x1="2" y1="7" x2="33" y2="7"/>{core}'
            '<polygon class="lt-arrow" points="42,7 33,2.5 33,11.5"/></g></svg>')


def render_legend(lineage: Lineage, lang: str = DEFAULT) -> str:
    """What colours, markers and line styles mean: text next to every sample, never colour alone."""
    out = [f'<div class="lt-legend" role="group" aria-label="{html_attr(t(lang, "tree.legend.label"))}">',
           f'<div class="lt-legend-part"><p class="lt-legend-title">{_say(lang, "tree.legend.relations")}</p><ul>']
    for kind, key in ((TRAINED_FROM, "trained_from"), (DISTILLED_FROM, "distilled_from"), ("succeeds", "succeeds")):
        out.append(f'<li class="lt-legend-rel" data-relation="{kind}">{_relation_swatch(kind)}'
                   f'{_say(lang, f"tree.legend.{key}")}</li>')
    out.append('</ul></div>')
    out.append(f'<div class="lt-legend-part"><p class="lt-legend-title">{_say(lang, "tree.legend.methods")}</p><ul>')
    for m in lineage.methods.values():
        out.append(f'<li class="lt-edge"{_colour_vars(lineage, m.id)}>{_swatch()}'
                   f'<span class="lt-legend-marker">{html_text(m.marker)}</span> '
                   f'<span title="{text.attr(m.description, lang)}">{text.md(m.name, lang)}</span></li>')
    out.append('</ul></div>')
    out.append(f'<div class="lt-legend-part"><p class="lt-legend-title">{_say(lang, "tree.legend.grades")}</p><ul>')
    for g in sorted(lineage.grades.values(), key=lambda g: (g.rank, g.id)):
        style = g.line_style if g.line_style in LINE_STYLES else "solid"
        item = _say(lang, "tree.legend.grade_item", name=f"<strong>{text.md(g.name, lang)}</strong>",
                    style=_say(lang, f"tree.legend.{style}"), description=text.md(g.description, lang))
        out.append(f'<li class="lt-line-{style} lt-variant-{line_variant(lineage, g.id)}">{_swatch(" lt-neutral")}'
                   f'{item}</li>')
    out.append('</ul></div>')
    open_tag = f'<span class="lt-open-sample">{html_text(t(lang, "tree.open_tag"))}</span>'
    badges_item = _say(lang, "tree.legend.badges", plus="<strong>+</strong>", plus2="<strong>++</strong>",
                       minus="<strong>\u2212</strong>")
    out.append(f'<div class="lt-legend-part"><p class="lt-legend-title">{_say(lang, "tree.legend.boxes")}</p><ul>'
               f'<li>{_say(lang, "tree.legend.box")}</li>'
               f'<li>{_say(lang, "tree.legend.bands")}</li>'
               f'<li>{badges_item}</li>'
               f'<li>{_say(lang, "tree.legend.open", tag=open_tag)}</li>'
               f'<li>{_say(lang, "tree.legend.lanes")}</li></ul></div>')
    out.append("</div>")
    return "\n".join(out)


# --- interactive figure -----------------------------------------------------------------------------


def _ability_option(lineage: Lineage, ability_id: str, lang: str, src_uri: str, use_directory_urls: bool) -> str:
    """One ability of the filter, carrying its provenance set (`tree.provenance`, the set the ability
    page draws: models recording a change, and the models on the lines between them) and the
    address of its page in this language. The script highlights exactly these models."""
    prov = provenance(lineage, ability_id)
    records = " ".join(f"{html_attr(mid)}:{html_attr(change)}" for mid, change in prov.changes.items())
    between = " ".join(html_attr(m.id) for m in lineage.release_order() if m.id in prov.between)
    href = links.url_for(links.ability_src(ability_id, lang), src_uri, use_directory_urls)
    return (f'<option value="{html_attr(ability_id)}" data-records="{records}" data-between="{between}" '
            f'data-page="{html_attr(href)}">{text.attr(lineage.abilities[ability_id].name, lang)}</option>')


def _controls(lineage: Lineage, lang: str, src_uri: str = SRC_URI, use_directory_urls: bool = True) -> str:
    def say(key: str) -> str:
        return _say(lang, f"tree.controls.{key}")

    def attr(key: str) -> str:
        return html_attr(t(lang, f"tree.controls.{key}"))

    options = "".join(f'<option value="{html_attr(m.name)}"></option>' for m in lineage.release_order())
    options += "".join(f'<option value="{html_attr(m.api_name)}"></option>' for m in lineage.release_order()
                       if m.api_name and m.api_name != m.name)
    # <option> holds text only, so no fallback marking here (the legend and the outline have it).
    abilities = "".join(_ability_option(lineage, a.id, lang, src_uri, use_directory_urls)
                        for a in lineage.abilities.values())
    methods = "".join(f'<option value="{html_attr(m.id)}">{text.attr(m.name, lang)}</option>'
                      for m in lineage.methods.values())
    grades = "".join(f'<label><input type="checkbox" name="grade" value="{html_attr(g.id)}" checked> '
                     f'{text.md(g.name, lang)}</label>'
                     for g in sorted(lineage.grades.values(), key=lambda g: (g.rank, g.id)))
    # Two rows on a desktop (find + filters; evidence + zoom + status), wrapping on a phone; DOM
    # order is reading and tab order.
    return "\n".join([
        '<div class="lt-controls" hidden>',
        '<div class="lt-row">',
        '<form class="lt-search" role="search" action="#">'
        f'<label for="lt-search-input">{say("find")}</label>'
        '<input id="lt-search-input" name="q" type="search" list="lt-search-list" autocomplete="off" '
        f'placeholder="{attr("placeholder")}">'
        f'<datalist id="lt-search-list">{options}</datalist>'
        f'<button type="submit" class="lt-button">{say("go")}</button></form>',
        f'<label class="lt-field">{say("ability")} <select name="ability"><option value="">{say("any")}</option>'
        f'{abilities}</select></label>',
        '<a class="lt-ability-link" href="" hidden></a>',
        f'<label class="lt-field">{say("method")} <select name="method"><option value="">{say("any")}</option>'
        f'{methods}</select></label>',
        '</div>',
        '<div class="lt-row">',
        f'<fieldset class="lt-grades"><legend>{say("evidence")}</legend>{grades}</fieldset>',
        f'<label class="lt-open-filter"><input type="checkbox" name="open"> {say("open")}</label>',
        f'<div class="lt-zoom" role="group" aria-label="{attr("zoom")}">'
        f'<button type="button" class="lt-button" data-zoom="in" aria-label="{attr("zoom_in")}" '
        f'title="{attr("zoom_in")}">+</button>'
        f'<button type="button" class="lt-button" data-zoom="out" aria-label="{attr("zoom_out")}" '
        f'title="{attr("zoom_out")}">\u2212</button>'
        f'<button type="button" class="lt-button" data-zoom="reset">{say("reset")}</button></div>',
        '<p class="lt-status" role="status" aria-live="polite"></p>',
        '</div>',
        "</div>",
    ])


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def names_json(lineage: Lineage, lang: str = DEFAULT) -> str:
    """Names the script shows in the tooltip, as JSON for the root's `data-names` attribute (the graph
    itself the script reads from the SVG). Not a `<script type="application/json">`: Material's
    instant navigation re-creates inline scripts without their `type` and would run it as code.
    Abilities carry both languages (an English page shows the Chinese name beside the English one);
    the rest is in the page's language."""
    return _json({
        "abilities": {a.id: {code: data_text(a.name, code) for code in LANGUAGES} for a in lineage.abilities.values()},
        "methods": {m.id: method_name(lineage, m.id, lang) for m in lineage.methods.values()},
        "grades": {g.id: grade_name(lineage, g.id, lang) for g in lineage.grades.values()},
        "changes": {symbol: change_words(symbol, lang) for symbol in ("++", "+", "-", "--")},
    })


SCRIPT_PREFIX = "tree.script."


def script_words_json(lang: str) -> str:
    """The script's interface words in the page's language, for the root's `data-i18n` attribute
    (`{name}` places are filled by the script), plus the language itself. An attribute for the same
    reason as `data-names`."""
    words = {key[len(SCRIPT_PREFIX):]: value for key, value in catalogue(lang).items() if key.startswith(SCRIPT_PREFIX)}
    return _json({"lang": lang, **words})


def figure(lineage: Lineage, src_uri: str, use_directory_urls: bool, lang: str | None = None) -> str:
    """The interactive tree: controls, SVG, tooltip, legend; names for the script in `data-names`,
    its words in `data-i18n`. The tree's size in `--lt-w`/`--lt-h` lets the stylesheet give the
    stage its final height before the script runs, so nothing below it moves when the tree becomes
    interactive. `lang`: by default the language of page `src_uri`."""
    lang = lang or language_of(src_uri)
    lay = layout(lineage)
    return "\n".join([
        f'<div class="lineage-tree" data-lineage-tree="interactive" data-names="{html_attr(names_json(lineage, lang))}" '
        f'data-i18n="{html_attr(script_words_json(lang))}" '
        f'style="--lt-w: {_f(lay.width)}; --lt-h: {_f(lay.height)}" data-search-exclude>',
        _controls(lineage, lang, src_uri, use_directory_urls),
        '<div class="lt-stage">',
        render_svg(lineage, src_uri, use_directory_urls, lang=lang),
        '<div class="lt-tooltip" hidden></div>',
        "</div>",
        "</div>",
        render_legend(lineage, lang),
    ])


def focus_svg(lineage: Lineage, model_id: str, from_src_uri: str, use_directory_urls: bool,
              lang: str | None = None) -> str:
    """The model page's view: this model, its ancestors and descendants, cropped from the one
    layout of the whole tree; static (no controls), every box a link. The caption links to the
    interactive tree (in the page's language) with this model selected."""
    lang = lang or language_of(from_src_uri)
    m = lineage.models[model_id]
    tree_url = (links.url_for(page_src(SRC_URI, lang), from_src_uri, use_directory_urls)
                + "?model=" + quote(model_id, safe=""))
    svg = render_svg(lineage, from_src_uri, use_directory_urls, focus=model_id, id_prefix="focus-",
                     title=t(lang, "tree.focus_title", name=m.name), lang=lang)
    caption = _say(lang, "tree.focus.caption", name=html_text(m.name),
                   link=f'<a href="{html_attr(tree_url)}">{_say(lang, "tree.focus.whole")}</a>')
    return "\n".join([
        '<div class="lineage-tree lineage-tree--focus" data-search-exclude>',
        static_stage(svg, t(lang, "tree.focus_title", name=m.name)),
        f'<p class="lt-caption">{caption}</p>',
        "</div>",
    ])


def static_stage(svg: str, label: str) -> str:
    """A cropped, static view that may scroll sideways on a narrow screen: a named region that
    takes keyboard focus, so keyboard users can scroll it too (axe: scrollable-region-focusable)."""
    return f'<div class="lt-stage" tabindex="0" role="region" aria-label="{html_attr(label)}">{svg}</div>'



# --- shortcodes -------------------------------------------------------------------------------------


def tree_shortcode(argument: str, ctx: Context) -> str:
    """`[[tree]]`: the interactive tree (once per page: the controls use fixed ids)."""
    if argument:
        raise ShortcodeError(f"[[tree]] takes no argument (got {argument!r})")
    return figure(ctx.lineage, ctx.src_uri, ctx.use_directory_urls, ctx.lang)


def focus_shortcode(argument: str, ctx: Context) -> str:
    """`[[tree-focus:MODEL_ID]]`: the tree with one model's lineage highlighted."""
    if not argument:
        raise ShortcodeError("[[tree-focus:…]] needs a model id")
    if argument not in ctx.lineage.models:
        raise ShortcodeError(f"unknown model id {argument!r}")
    return focus_svg(ctx.lineage, argument, ctx.src_uri, ctx.use_directory_urls, ctx.lang)


# --- text outline and page --------------------------------------------------------------------------


def render_outline(lineage: Lineage, src_uri: str = SRC_URI, lang: str | None = None) -> str:
    """The tree as a nested Markdown list, roots first, children in release order. A model with two
    parents appears under each; the second time without its subtree ("shown above"). Words and
    links in `lang`, by default the language of page `src_uri`."""
    lang = lang or language_of(src_uri)
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
        model = links.page_link(md_inline(m.name), links.model_src(mid, lang), src_uri)
        date = md_inline(m.release.date)
        if m.api_name and m.api_name not in m.name:
            item = md_template(lang, "tree.outline.item_api", model=model, api=md_inline(m.api_name), date=date)
        else:
            item = md_template(lang, "tree.outline.item", model=model, date=date)
        if link is not None:
            item = md_template(lang, "tree.outline.from", item=item, parent=md_inline(lineage.models[link.parent].name),
                               method=_data_md(lineage.methods.get(link.method), link.method, lang),
                               grade=_data_md(lineage.grades.get(link.grade), link.grade, lang))
        if mid in shown:
            lines.append("    " * depth + "- " + md_template(lang, "tree.outline.shown_above", item=item))
            continue
        lines.append("    " * depth + f"- {item}")
        shown.add(mid)
        for child_link in reversed(lineage.children(mid)):
            todo.append((child_link.child, child_link, depth + 1))
    return "\n".join(lines) + "\n"


def md_template(lang: str, key: str, **markdown: str) -> str:
    """A catalogue sentence as inline Markdown with `{name}` places filled by Markdown the caller
    built (the sentence's own words escaped, so a catalogue entry cannot start a list or a link)."""
    return md_inline(t(lang, key)).replace("&#123;", "{").replace("&#125;", "}").format(**markdown)


def _data_md(item, fallback: str, lang: str) -> str:
    return text.md(item.name, lang) if item is not None else md_inline(fallback)


# Material hides the navigation and table of contents on this page: the tree gets the full width
# and starts in the first screen. MkDocs reads this front matter from generated pages too.
FRONT_MATTER = "---\nhide:\n  - navigation\n  - toc\n---\n"
HOW_ID = "how-to-use-the-tree"
OUTLINE_ID = "text-outline"


def render(lineage: Lineage, lang: str = DEFAULT) -> str:
    """`tree.md` in `lang`. Headings carry fixed ids (the English slugs), so `#how-to-use-the-tree`
    works on every language's page."""
    src = page_src(SRC_URI, lang)
    return "\n".join([
        FRONT_MATTER,
        f"# {t(lang, 'tree.page.title')}",
        "",
        t(lang, "tree.page.intro", how=f"[{t(lang, 'tree.page.how_link')}](#{HOW_ID})"),
        "",
        "[[tree]]",
        "",
        f"## {t(lang, 'tree.page.how_heading')} {{#{HOW_ID}}}",
        "",
        t(lang, "tree.page.usage"),
        "",
        f"## {t(lang, 'tree.page.outline_heading')} {{#{OUTLINE_ID}}}",
        "",
        t(lang, "tree.page.outline_intro"),
        "",
        '<div class="lt-outline" markdown>',
        "",
        render_outline(lineage, src, lang),
        "</div>",
        "",
    ])


def pages(lineage: Lineage, lang: str):
    yield GeneratedPage(page_src(SRC_URI, lang), t(lang, "tree.page.title"), "Explore", render(lineage, lang))
