"""References page (every source once, with the models and claims that cite it) and the footnote
citations every other generated page uses to point at it."""

from __future__ import annotations

from collections import OrderedDict

from ..i18n import page_src
from ..lineage import Lineage
from ..model import Source
from . import links
from .escape import md_inline, md_url
from .page import GeneratedPage

SRC_URI = "references.md"
KIND_TITLES = OrderedDict([
    ("paper", "Papers"), ("documentation", "Documentation"), ("blog", "Blog posts"),
    ("article", "Articles"), ("dataset", "Data sets"),
])


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
    source at the end linking to the references page (so every citation resolves there)."""

    def __init__(self, lineage: Lineage, page_src_uri: str):
        self.lineage = lineage
        self.page = page_src_uri
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
            target = links.md_link(links.source_anchor(sid), self.page)
            lines.append(f"[^src-{sid}]: [{md_inline(s.title)}]({target}) — {md_inline(short_label(self.lineage, sid))}")
        return "\n".join(lines)


def _source_entry(lineage: Lineage, source: Source) -> list[str]:
    # attr_list gives the heading its stable anchor; the title is escaped so it cannot add its own.
    out = [f"### {md_inline(source.title)} {{#src-{source.id} }}", ""]
    venue = f", {md_inline(source.venue)}" if source.venue else ""
    out.append(f"**&#91;{md_inline(short_label(lineage, source.id))}&#93;** "
               f"{md_inline(', '.join(source.authors))} ({source.year}){venue}. "
               f"[{md_inline(_link_text(source))}]({md_url(source.link)}){{: .lineage-external }}")
    out.append("")
    by_model: OrderedDict[str, list[str]] = OrderedDict()
    claims: list[str] = []
    for c in lineage.citations.get(source.id, ()):
        if c.claim:
            if c.claim not in claims:
                claims.append(c.claim)
        elif c.model and c.model in lineage.models:
            by_model.setdefault(c.model, [])
            if c.context not in by_model[c.model]:
                by_model[c.model].append(c.context)
    if by_model:
        items = [
            f"[{md_inline(lineage.models[mid].name)}]({links.md_link(links.model_src(mid), SRC_URI)})"
            f" ({md_inline('; '.join(contexts))})"
            for mid, contexts in by_model.items()
        ]
        out += ["**Cited by models:** " + ", ".join(items), ""]
    if claims:
        linked = True
        out += ["**Cited by claims:**", ""]
        for cid in claims:
            statement = md_inline(lineage.claims[cid].statement.en) if cid in lineage.claims else md_inline(cid)
            target = f" ([claim]({links.md_link(links.claim_anchor(cid), SRC_URI)}))" if linked else ""
            out.append(f"- {statement}{target}")
        out.append("")
    if not by_model and not claims:
        out += ["*Not cited by any model or claim yet.*", ""]
    return out


def _link_text(source: Source) -> str:
    return f"arXiv:{source.arxiv}" if source.arxiv and not source.url else source.link


def render(lineage: Lineage) -> str:
    out = [
        "# References",
        "",
        "Every source the data cites, listed once, with the models and claims that cite it. "
        "Footnotes on the other pages link here.",
        "",
    ]
    for kind, title in KIND_TITLES.items():
        sources = sorted((s for s in lineage.sources.values() if s.kind == kind), key=lambda s: (s.year, s.id))
        if not sources:
            continue
        out += [f"## {title}", ""]
        for s in sources:
            out += _source_entry(lineage, s)
    return "\n".join(out) + "\n"


def pages(lineage: Lineage, lang: str):
    yield GeneratedPage(page_src(SRC_URI, lang), "References", "Reference", render(lineage), edit_path="sources.yaml")
