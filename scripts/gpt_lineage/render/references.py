"""References page (every source once, with the models and claims that cite it) and the footnote
citations every other generated page uses to point at it."""

from __future__ import annotations

import re
from collections import OrderedDict

from .. import i18n
from ..i18n import page_src, t
from ..lineage import Lineage
from ..model import Citation, Source
from . import links, text
from .escape import anchor_slug, html_attr, md_inline
from .page import GeneratedPage

SRC_URI = "references.md"
# Source kinds in the order the page lists them; each heading is `references.kind.<kind>`.
KINDS = ("paper", "documentation", "blog", "article", "dataset")


def _author_year(source: Source) -> str:
    first = source.authors[0].split()[-1] if source.authors else source.title
    more = " et al." if len(source.authors) > 2 else (f" & {source.authors[1].split()[-1]}" if len(source.authors) == 2 else "")
    return f"{first}{more} {source.year}"


def short_label(lineage: Lineage, source_id: str) -> str:
    """`Brown et al. 2020`: how a citation reads inline. Sources that would read the same get
    a, b, c… in references-page order (`Fu et al. 2022a`), so a label names one source."""
    return _short_labels(lineage)[source_id]


_LABELS: list = [None, {}]  # [the lineage last asked about, its labels]: pages ask per citation


def _short_labels(lineage: Lineage) -> dict[str, str]:
    """Every source's short label, worked out once per lineage (pages ask for them per citation)."""
    if _LABELS[0] is not lineage:
        groups: dict[str, list[Source]] = {}
        for s in lineage.sources.values():
            groups.setdefault(_author_year(s), []).append(s)
        labels = {}
        for base, same in groups.items():
            same.sort(key=lambda s: (s.year, s.id))
            for i, s in enumerate(same):
                labels[s.id] = base if len(same) == 1 else base + "abcdefghijklmnopqrstuvwxyz"[i % 26]
        _LABELS[:] = [lineage, labels]
    return _LABELS[1]


class Footnotes:
    """Markdown footnote citations for one page: `[^src-<id>]` in the text, one definition per
    source at the end linking to the references page of the page's language (so every citation
    resolves there). `page_src_uri` is the page's real source path (`zh/models/x.md`); sources keep
    their original titles in every language."""

    def __init__(self, lineage: Lineage, page_src_uri: str, lang: str):
        self.lineage = lineage
        self.page = page_src_uri
        self.lang = lang
        self.used: list[str] = []

    def cite(self, source_ids) -> str:
        refs = []
        for sid in source_ids:
            if sid not in self.used:
                self.used.append(sid)
            refs.append(f"[^src-{sid}]")
        return "".join(refs)

    def definitions(self) -> str:
        lines = []
        for sid in self.used:
            s = self.lineage.sources[sid]
            title = links.page_link(md_inline(s.title), links.source_anchor(sid, self.lang), self.page)
            lines.append(t(self.lang, "footnotes.definition", id=sid, title=title,
                           label=md_inline(short_label(self.lineage, sid))))
        return "\n".join(lines)


def _context(lineage: Lineage, c: Citation, lang: str) -> str:
    """Where a model cites a source ("release date", "parent link a → b" …), in the page's language:
    the citation names a catalogue key and the ids or texts it is about."""
    d = c.details
    values: dict[str, str] = {}
    if c.context in ("parent_link", "parent_link_distilled"):
        values = {"what": f"{d[0]} → {d[1]}"}
    elif c.context in ("succeeds", "approximation"):
        values = {"what": d[0]}
    elif c.context == "reproduces":
        values = {"target": d[0], "method": i18n.text(lineage.methods[d[1]].name, lang) if d[1] in lineage.methods else d[1]}
    elif c.context == "ability":
        ability = lineage.abilities.get(d[1])
        values = {"change": d[0], "ability": i18n.text(ability.name, lang) if lang != i18n.DEFAULT and ability else d[1]}
    elif c.context == "disagreement":
        values = {"topic": i18n.text(d[0], lang)}
    elif c.context == "benchmark":
        values = {"benchmark": d[0], "system": d[1]}
    return t(lang, f"references.context.{c.context}", **values)


# What Python-Markdown's footnotes extension writes as each back-link's title (its BACKLINK_TITLE,
# "Jump back to footnote {} in the text"): one setting for the whole build, so pages in another
# language get theirs after conversion.
_BACKLINK_TITLE = re.compile(r'(<a class="footnote-backref"[^>]*?title=")Jump back to footnote (\d+) in the text(")')


def source_items(lineage: Lineage, ids, src: str, lang: str, none: str) -> list[str]:
    """A page's sources as Markdown list items: the title linking to its entry here, authors, year
    and the original; `none` when there are none."""
    out = [f"- {links.page_link(md_inline(lineage.sources[sid].title), links.source_anchor(sid, lang), src)} — "
           f"{md_inline(', '.join(lineage.sources[sid].authors))} ({lineage.sources[sid].year}) · "
           f"{links.external_link(t(lang, 'references.original'), lineage.sources[sid].link)}"
           for sid in ids]
    return out or [f"- {none}"]


def localize_footnotes(html: str, lang: str) -> str:
    """A converted page's footnote back-link titles in the page's language (`footnotes.backlink`).

    For the MkDocs plugin's `on_page_content`; English pages are returned unchanged.
    """
    if lang == i18n.DEFAULT or "footnote-backref" not in html:
        return html
    return _BACKLINK_TITLE.sub(
        lambda m: m.group(1) + html_attr(t(lang, "footnotes.backlink", n=m.group(2))) + m.group(3), html)


def _source_entry(lineage: Lineage, source: Source, src: str, lang: str) -> list[str]:
    # attr_list gives the heading its stable anchor; the title is escaped so it cannot add its own.
    # Titles, authors and venues stay in the source's own language.
    out = [f"### {md_inline(source.title)} {{#src-{source.id} }}", ""]
    venue = f", {md_inline(source.venue)}" if source.venue else ""
    out.append(f"**&#91;{md_inline(short_label(lineage, source.id))}&#93;** "
               f"{md_inline(', '.join(source.authors))} ({source.year}){venue}. "
               f"{links.external_link(md_inline(_link_text(source)), source.link)}")
    out.append("")
    by_model: OrderedDict[str, list[str]] = OrderedDict()
    claims: list[str] = []
    for c in lineage.citations.get(source.id, ()):
        if c.claim:
            if c.claim not in claims:
                claims.append(c.claim)
        elif c.model and c.model in lineage.models:
            by_model.setdefault(c.model, [])
            context = _context(lineage, c, lang)
            if context not in by_model[c.model]:
                by_model[c.model].append(context)
    if by_model:
        items = [
            links.page_link(md_inline(lineage.models[mid].name), links.model_src(mid, lang), src)
            + t(lang, "references.contexts", contexts=md_inline(t(lang, "references.context_join").join(contexts)))
            for mid, contexts in by_model.items()
        ]
        out += [f"**{t(lang, 'references.cited_by_models')}** " + t(lang, "references.list_join").join(items), ""]
    if claims:
        out += [f"**{t(lang, 'references.cited_by_claims')}**", ""]
        for cid in claims:
            statement = text.md(lineage.claims[cid].statement, lang) if cid in lineage.claims else md_inline(cid)
            link = links.page_link(t(lang, "references.claim"), links.claim_anchor(cid, lang), src)
            out.append(f"- {statement}{t(lang, 'references.claim_link', link=link)}")
        out.append("")
    if not by_model and not claims:
        out += [f"*{t(lang, 'references.not_cited')}*", ""]
    return out


def _link_text(source: Source) -> str:
    return f"arXiv:{source.arxiv}" if source.arxiv and not source.url else source.link


def render(lineage: Lineage, lang: str) -> str:
    src = page_src(SRC_URI, lang)
    out = [f"# {t(lang, 'references.title')}", "", t(lang, "references.intro"), ""]
    for kind in KINDS:
        sources = sorted((s for s in lineage.sources.values() if s.kind == kind), key=lambda s: (s.year, s.id))
        if not sources:
            continue
        # Every edition keeps the English page's anchors (`#papers` …); Chinese headings have no slug.
        anchor = "" if lang == i18n.DEFAULT else f" {{#{anchor_slug(t(i18n.DEFAULT, f'references.kind.{kind}'))} }}"
        out += [f"## {t(lang, f'references.kind.{kind}')}{anchor}", ""]
        for s in sources:
            out += _source_entry(lineage, s, src, lang)
    return "\n".join(out) + "\n"


def pages(lineage: Lineage, lang: str):
    yield GeneratedPage(page_src(SRC_URI, lang), t(lang, "references.title"), "Reference", render(lineage, lang),
                        edit_path="sources.yaml")
