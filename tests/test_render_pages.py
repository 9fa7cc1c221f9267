"""Unit tests for the page renders: pure functions of a Lineage built here from dataclasses.

The fixture lineage carries hostile contributor text (`<script>`, Markdown, shortcodes, quotes) so
every render is checked for escaping, and is converted with the site's Markdown extensions so the
assertions are about what a reader would see.
"""

from __future__ import annotations

import re

import markdown
import pytest

from gpt_lineage.lineage import Lineage
from gpt_lineage.model import (
    Ability, AbilityChange, Approximation, Disagreement, GlossaryTerm, Grade, Method, Model, ParentLink,
    Position, Quantity, Release, Source, Text, TrainingData, Where,
)
from gpt_lineage.render import escape, glossary, links, matrix, model_page, pages, references, shortcodes, summary, timeline

EVIL = '<script>alert("x")</script> *bold* [[tree]] [^fn] | $x$'


def _model(mid, date, parents=(), abilities=(), summary_text="A model.", **kw) -> Model:
    where = Where(f"data/models/{mid}.yaml", 1)
    return Model(
        id=mid, name=kw.get("name", mid), api_name=kw.get("api_name", mid), aliases=(), series="GPT-3",
        release=Release(date, None, ("src-a",)),
        parameters=Quantity(kw.get("params"), None, ("src-a",)),
        context_window=Quantity(2048, None, ("src-a",)), architecture=None,
        training_data=TrainingData(Text("Web text."), None, ("src-a",)), summary=Text(summary_text),
        parents=tuple(ParentLink(p, mid, "sft", "official", None, ("src-b",), where) for p in parents),
        abilities=tuple(AbilityChange(a, c, "conclusion", None, ("src-b",), where) for a, c in abilities),
        paper=kw.get("paper"), approximations=kw.get("approximations", ()),
        disagreements=kw.get("disagreements", ()), sources=("src-a",), where=where,
    )


@pytest.fixture(scope="module")
def lineage() -> Lineage:
    models = [
        _model("base", "2020-05-28", abilities=[("icl", "+")], params=175_000_000_000, paper="src-a",
               approximations=(Approximation("OPT", "https://example.org/opt", None, ("src-b",)),)),
        _model("child", "2022-03-15", parents=["base"], abilities=[("icl", "-"), ("zero", "++")],
               summary_text=EVIL,
               disagreements=(Disagreement(Text("Training method"), (
                   Position(Text("FeedME"), ("src-a",)), Position(Text("SFT"), ("src-b",)))),)),
        _model("grandchild", "2022-11-30", parents=["child"], abilities=[("icl", "--")]),
    ]
    return Lineage(
        models={m.id: m for m in models},
        abilities={"icl": Ability("icl", Text("In-context learning", "上下文学习"), Text("Learns from examples."), ()),
                   "zero": Ability("zero", Text("Zero-shot", "零样本"), Text("No examples."), ())},
        methods={"sft": Method("sft", Text("Supervised fine-tuning"), Text("Tuned on demonstrations."),
                               "#000000", "#ffffff", "SFT", ())},
        grades={"official": Grade("official", Text("Official"), Text("OpenAI says so."), "solid", 1, ()),
                "conclusion": Grade("conclusion", Text("Conclusion"), Text("Concluded from evidence."), "dashed", 2, ())},
        sources={"src-a": Source("src-a", "Language Models are Few-Shot Learners", ("Tom Brown", "Ben Mann", "X Y"),
                                 2020, "NeurIPS", "paper", "2005.14165", None),
                 "src-b": Source("src-b", EVIL, ("Yao Fu",), 2022, None, "blog", None, "javascript:alert(1)")},
        glossary=(GlossaryTerm("Reinforcement learning from human feedback", "基于人类反馈的强化学习", "RLHF",
                               Text(EVIL), ("src-a",)),),
        claims={}, benchmarks={},
    )


def to_html(text: str) -> str:
    return markdown.markdown(
        text, extensions=["abbr", "admonition", "attr_list", "footnotes", "md_in_html", "tables", "toc",
                          "pymdownx.arithmatex", "pymdownx.superfences"],
        extension_configs={"pymdownx.arithmatex": {"generic": True}})


def test_generated_pages_cover_every_model_once_with_unique_paths(lineage):
    produced = pages.generated_pages(lineage)
    uris = [p.src_uri for p in produced]
    assert len(uris) == len(set(uris))
    for mid in lineage.models:
        assert f"models/{mid}.md" in uris
    for page in ("models/index.md", "matrix.md", "summary.md", "timeline.md", "references.md", "glossary.md"):
        assert page in uris
    model_pages = [p for p in produced if p.src_uri.startswith("models/") and p.src_uri != "models/index.md"]
    assert [p.src_uri for p in model_pages] == [f"models/{m}.md" for m in ("base", "child", "grandchild")]
    assert all(p.edit_path == f"models/{p.src_uri[7:-3]}.yaml" for p in model_pages)


def test_hostile_text_is_shown_not_interpreted_on_every_page(lineage):
    for page in pages.generated_pages(lineage):
        if not page.is_markdown:
            continue
        html = to_html(page.content)
        assert "<script>" not in html, page.src_uri
        assert "<strong>bold</strong>" not in html and "<em>bold</em>" not in html, page.src_uri
        assert 'href="javascript:' not in html.lower(), page.src_uri
        assert "*bold* [[tree]]" not in page.content, page.src_uri  # contributor text stays inert
    child = to_html(model_page.render(lineage, lineage.models["child"], "en"))
    assert "&lt;script&gt;" in child  # the text is still there, visibly


def test_model_page_links_family_with_method_and_cites_through_references(lineage):
    text = model_page.render(lineage, lineage.models["child"], "en")
    html = to_html(text)
    assert '<a href="base.md">base</a>' in html and '<a href="grandchild.md">grandchild</a>' in html
    assert html.count("Supervised fine-tuning") >= 2  # parent edge and child edge both name the method
    assert "lineage-change-plus2" in html and "lineage-change-minus" in html
    assert 'data-grade="official"' in html and 'data-grade="conclusion"' in html
    # every footnote definition links to the references page anchor of a known source
    footnotes = re.findall(r'<li id="fn:src-([\w-]+)">(.*?)</li>', html, re.S)
    assert {sid for sid, _ in footnotes} == {"src-a", "src-b"}
    for sid, body in footnotes:
        assert f'href="../references.md#src-{sid}"' in body
    assert 'class="admonition warning"' in html and "Sources disagree: Training method" in html


def test_references_list_every_source_once_with_who_cites_it(lineage):
    html = to_html(references.render(lineage, "en"))
    for sid in lineage.sources:
        assert html.count(f'id="src-{sid}"') == 1
    assert 'href="models/child.md"' in html
    assert 'href="#"' in html  # the javascript: URL was neutralised


def test_matrix_has_a_row_per_model_and_a_column_per_ability(lineage):
    # Redesigned (issue 11): models are rows grouped by series, abilities are columns; the table
    # is raw HTML from the [[matrix]] shortcode, with no per-cell title tooltips.
    assert "[[matrix]]" in matrix.render(lineage, "en")
    table = matrix.table(lineage, "matrix.md", False, "en")
    head = table[table.index("<thead>"):table.index("</thead>")]
    assert len(re.findall(r"<th[ >]", head)) == len(lineage.abilities) + 1
    assert 'id="ability-icl"' in head and 'href="abilities/icl.html"' in head
    assert len(re.findall(r'<tr data-model="', table)) == len(lineage.models)
    assert " title=" not in table
    assert "weakened; evidence: Conclusion; sources: Fu 2022" in table
    assert 'href="abilities/icl.html#change-child"' in table
    # sort weights let site.js order ++ > + > empty > - > --
    assert re.findall(r'data-sort="(-?\d)"', table) == ["1", "0", "-1", "2", "-2", "0"]


def test_summary_timeline_glossary(lineage):
    s = to_html(summary.render(lineage, "en"))
    assert "<th>Open-source approximation</th>" in s and 'href="https://example.org/opt"' in s
    t = to_html(timeline.render(lineage, "en"))
    assert t.index("<h2 id=\"2020\">2020</h2>") < t.index("<h2 id=\"2022\">2022</h2>")
    assert re.search(r'grandchild</a> — from <a href="models/child.md">child</a> by Supervised', t)
    g = glossary.abbreviations(lineage)
    assert g.startswith("*[RLHF]: Reinforcement learning from human feedback (基于人类反馈的强化学习): ")
    html = to_html("We use RLHF.\n\n" + g)
    assert '<abbr title="' in html and "<script>" not in html


@pytest.mark.parametrize("target,origin,use_dirs,expected", [
    ("references.md#src-a", "models/gpt-2.md", True, "../../references/#src-a"),
    ("index.md", "models/gpt-2.md", True, "../../"),
    ("models/gpt-2.md", "index.md", True, "models/gpt-2/"),
    ("references.md#src-a", "models/gpt-2.md", False, "../references.html#src-a"),
    ("exports/tree.svg", "tree.md", True, "../exports/tree.svg"),
    ("models/index.md", "matrix.md", True, "../models/"),
])
def test_url_for_matches_mkdocs_urls(target, origin, use_dirs, expected):
    assert links.url_for(target, origin, use_dirs) == expected


def test_shortcodes_expand_outside_code_and_report_unknown_with_line(lineage):
    text = "See [[model:base]] and [[cite:src-a]].\n\n`[[model:nope]]`\n\n```\n[[nope]]\n```\n"
    out = shortcodes.expand(text, lineage, "concepts/x.md", True)
    assert html_link("base", "../../models/base/") in out  # concepts/x/ -> models/base/
    assert 'href="../../references/#src-src-a"' in out and "[Brown et al. 2020]" in out
    assert "`[[model:nope]]`" in out and "[[nope]]" in out
    with pytest.raises(shortcodes.ShortcodeError, match=r"concepts/x.md:3: unknown model id 'nope'"):
        shortcodes.expand("a\n\n[[model:nope]]", lineage, "concepts/x.md", True)
    with pytest.raises(shortcodes.ShortcodeError, match=r"concepts/x.md:1: unknown shortcode \[\[bogus\]\]"):
        shortcodes.expand("[[bogus:1]]", lineage, "concepts/x.md", True)
    fact = shortcodes.expand("[[fact:base.parameters]]", lineage, "x.md", True)
    assert fact == '<span class="lineage-fact" data-fact="base.parameters">175B</span>'


def test_md_inline_survives_markdown_literally():
    for raw in [EVIL, "# heading", "1. item", "- item", "a_b_c", "{: #id }", "*[X]: y"]:
        html = to_html(escape.md_inline(raw))
        assert html.startswith("<p>") and html.count("<p>") == 1, raw
        assert "<script" not in html and "<em>" not in html and "<h1" not in html and "<ol" not in html


def test_write_pages_writes_the_same_pages_as_the_site(lineage, tmp_path):
    written = pages.write_pages(lineage, tmp_path / "out")
    expected = [p.src_uri for p in pages.generated_pages(lineage)]
    assert sorted(p.relative_to(tmp_path / "out").as_posix() for p in written) == sorted(expected)
    # written as for use_directory_urls: false
    assert html_link("base", "base.html") in (tmp_path / "out" / "models" / "child.md").read_text()


def test_labels_do_not_repeat_an_api_name_the_name_already_contains():
    named = _model("davinci", "2020-05-28", name="GPT-3 (davinci)", api_name="davinci")
    other = _model("td2", "2022-03-15", name="GPT-3.5 text model", api_name="text-davinci-002")
    assert named.label == "GPT-3 (davinci)"
    assert other.label == "GPT-3.5 text model (text-davinci-002)"


def test_citation_labels_name_one_source_each_in_the_shipped_data():
    from conftest import PROJECT
    from gpt_lineage.lineage import load_lineage

    real = load_lineage(PROJECT / "data")
    labels = [references.short_label(real, sid) for sid in real.sources]
    assert len(set(labels)) == len(labels)
    fu = sorted(label for label in labels if label.startswith("Fu et al. 2022"))
    assert len(fu) >= 2 and fu == [f"Fu et al. 2022{c}" for c in "abcdefgh"[: len(fu)]]


def test_large_figures_are_set_aside_from_markdown_and_restored(lineage):
    mid = next(iter(lineage.models))
    text = f"Intro [[model:{mid}]]\n\n[[tree]]\n\n```\n[[tree]]\n```\n"
    figures: list[str] = []
    out = shortcodes.expand(text, lineage, "index.md", True, figures=figures)
    assert len(figures) == 1 and "<svg" in figures[0]  # the one outside code only
    assert "<svg" not in out and out.count("<!--lineage-figure-0-->") == 1
    assert "```\n[[tree]]\n```" in out  # code keeps the syntax
    html = shortcodes.restore_figures(f"<p>x</p>{out}", figures)
    assert html.count("<svg") == figures[0].count("<svg") and "lineage-figure" not in html
    assert shortcodes.expand(text, lineage, "index.md", True).count("<svg") >= 1  # without figures=: inline


# --- the Chinese edition of the generated pages (references, claims, benchmarks, summary, timeline,
# glossary, data) and the shortcodes of those modules ---------------------------------------------

import dataclasses as _dataclasses  # noqa: E402
import json as _json  # noqa: E402
import posixpath  # noqa: E402

from lxml import html as lxml_html  # noqa: E402

from conftest import PROJECT, html_link, links_in  # noqa: E402
from gpt_lineage import i18n  # noqa: E402
from gpt_lineage.model import Text as _Text  # noqa: E402
from gpt_lineage.render import chart, claims, exports, facts  # noqa: E402

MY_OBJECTS = ("footnotes", "references", "claims", "chart", "summary", "timeline", "glossary", "facts", "exports")
# Latin words a Chinese page may show as interface words: names of products, formats and standards.
LATIN_OK = {"OpenAI", "API", "JSON", "CSV", "YAML", "GraphML", "DOT", "BibTeX", "Graphviz", "SVG", "UTF",
            "RFC", "SPDX", "Schema", "schema", "arXiv", "GitHub", "Code", "Neovim", "yamlls", "language",
            "server", "Gephi", "yEd", "networkx", "igraph", "Transformer", "YYYY", "null", "undisclosed",
            "true", "MIT", "CC", "model", "sub", "OWASP"}


@pytest.fixture(scope="module")
def real() -> Lineage:
    from gpt_lineage.lineage import load_lineage
    return load_lineage(PROJECT / "data")


def _data_words(lineage: Lineage) -> set[str]:
    """Latin words the data itself may put on a Chinese page: names, titles, ids, untranslated text."""
    words: set[str] = set()

    def walk(value) -> None:
        if isinstance(value, _Text):
            walk(value.zh if i18n.is_translated(value, "zh") else value.en)
            if value.zh:
                return
        elif isinstance(value, str):
            words.update(re.findall(r"[A-Za-z]+", value))
        elif _dataclasses.is_dataclass(value):
            for f in _dataclasses.fields(value):
                walk(getattr(value, f.name))
        elif isinstance(value, dict):
            for k, v in value.items():
                walk(k)
                walk(v)
        elif isinstance(value, (list, tuple)):
            for v in value:
                walk(v)

    for name in ("models", "abilities", "methods", "grades", "sources", "glossary", "claims", "benchmarks"):
        walk(getattr(lineage, name))
    for source in lineage.sources.values():
        words.update(re.findall(r"[A-Za-z]+", source.link))
    return words


def english_left(markdown_text: str, lineage: Lineage, extra: set[str] = frozenset()) -> set[str]:
    """Latin words of 3+ letters on a rendered Chinese page that neither the data nor LATIN_OK
    (nor `extra`) explains: interface English a render forgot to translate. Code, `lang="en"`
    text (marked fallbacks, English terms) and link targets are not looked at; footnote back-links
    are read as the plugin shows them (`references.localize_footnotes`)."""
    converted = references.localize_footnotes(to_html(markdown_text), "zh")
    doc = lxml_html.fromstring(f"<div>{converted}</div>")
    for el in doc.xpath('//code | //pre | //*[@lang="en"] | //script | //style'):
        el.drop_tree()
    visible = " ".join(doc.xpath("//text()") + doc.xpath("//@title | //@aria-label"))
    allowed = _data_words(lineage) | LATIN_OK | set(extra)
    return {w for w in re.findall(r"[A-Za-z]{3,}", visible) if w not in allowed}


def links_leaving_zh(markdown_text: str, page_src_uri: str) -> list[str]:
    """Relative links on a zh page that land outside zh/ other than on language-neutral files.
    Markdown links name `.md` sources (relative to the source's folder); raw HTML carries final
    URLs (relative to the page's URL with `use_directory_urls`)."""
    doc = lxml_html.fromstring(f"<div>{to_html(markdown_text)}</div>")
    bad = []
    for href in doc.xpath("//a/@href"):
        if href.startswith(("http://", "https://", "mailto:", "#")) or href == "#":
            continue
        path = href.split("#")[0]
        if path.endswith(".md") or "." in posixpath.basename(path):
            base = posixpath.dirname(page_src_uri)
        else:
            base = links.page_url(page_src_uri, True).rstrip("/")
        target = posixpath.normpath(posixpath.join(base, path))
        if not target.startswith(("zh/", "exports/", "schema/", "assets/")):
            bad.append(href)
    return bad


def _zh_page(lineage, src):
    [page] = [p for p in pages.generated_pages(lineage, ("zh",)) if p.src_uri == src]
    return page


@pytest.mark.parametrize("src", ["zh/references.md", "zh/claims.md", "zh/benchmarks.md", "zh/summary.md",
                                 "zh/timeline.md", "zh/glossary.md", "zh/data.md"])
def test_zh_pages_speak_chinese_and_link_within_zh(real, src):
    page = _zh_page(real, src)
    assert re.search(r"[\u4e00-\u9fff]", page.title), page.title
    first = page.content.splitlines()[0]
    assert first.startswith("# ") and re.search(r"[\u4e00-\u9fff]", first)
    extra: set[str] = set()
    if src == "zh/data.md":  # the citation comes from CITATION.cff; GitHub's button is quoted as it reads
        extra = set(re.findall(r"[A-Za-z]+", _json.dumps(exports.read_citation(), default=str))) | {
            "Cite", "this", "repository", "grades", "methods"}  # ...and data/grades.yaml, data/methods.yaml
        extra |= {w for name, _, _ in exports.EXPORTS for w in re.findall(r"[A-Za-z]+", name)}  # file names
        extra |= {kind for _, _, kind, _, _ in exports.GRAPHML_KEYS}  # GraphML types: string, long
    assert english_left(page.content, real, extra) == set()
    assert links_leaving_zh(page.content, src) == []
    # the English edition of the same page says none of the Chinese interface words
    en = [p for p in pages.generated_pages(real, ("en",)) if p.src_uri == src[len("zh/"):]][0]
    assert page.title != en.title and page.content.splitlines()[0] != en.content.splitlines()[0]


def test_zh_headings_keep_the_english_anchors(real):
    html_en = {p.src_uri: to_html(p.content) for p in pages.generated_pages(real, ("en",))
               if p.src_uri in ("references.md", "timeline.md", "data.md", "claims.md", "benchmarks.md")}
    for src, en in html_en.items():
        zh = to_html(_zh_page(real, "zh/" + src).content)
        ids = lambda h: re.findall(r'<h[2-6] id="([^"]+)"', h)  # noqa: E731
        assert ids(zh) == ids(en), src


def test_zh_footnotes_and_citations_go_to_the_zh_references(real):
    text = summary.render(real, "zh")
    defs = [links_in(d)[0][1] for d in re.findall(r"^\[\^src-[\w-]+\]: (<a .*)", text, re.M)]
    assert defs and all(d.startswith("references.md#src-") for d in defs)  # zh/summary.md -> zh/references.md
    title = escape.md_inline(real.sources["brown2020gpt3"].title)
    fn = references.Footnotes(real, "zh/models/gpt-2.md", "zh")
    fn.cite(["brown2020gpt3"])
    assert html_link(title, "../references.md#src-brown2020gpt3") in fn.definitions()
    fn = references.Footnotes(real, "models/gpt-2.md", "en")
    fn.cite(["brown2020gpt3"])
    assert html_link(title, "../references.md#src-brown2020gpt3") + " — " in fn.definitions()
    # source titles stay as published
    assert real.sources["brown2020gpt3"].title in references.render(real, "zh")


def test_zh_abbreviations_give_chinese_definitions(real):
    zh = glossary.abbreviations(real, "zh")
    en = glossary.abbreviations(real)  # the plugin's call without a language: English
    assert en == glossary.abbreviations(real, "en")
    term = next(t for t in real.glossary if t.abbr == "RLHF")
    assert f"*[RLHF]: {term.zh}（{term.en}）：{term.definition.zh.split()[0]}" in zh
    assert f"*[RLHF]: {term.en} ({term.zh}): " in en
    assert len(zh.splitlines()) == len(en.splitlines())


def test_zh_shortcodes_of_claims_charts_and_facts(real):
    ctx = shortcodes.Context(real, "zh/concepts/x.md", True)
    cid = next(iter(real.claims))
    badge = claims.claim_shortcode(cid, ctx)
    assert 'href="../../claims/#claim-' in badge and "论断" in badge
    bid = next(iter(real.benchmarks))
    block = chart.chart_shortcode(bid, ctx)
    assert english_left(block, real) == set() and links_leaving_zh(block, "zh/concepts/x.md") == []
    svg = lxml_html.fromstring(chart.svg(real, real.benchmarks[bid], "zh"))
    assert re.search(r"[\u4e00-\u9fff]", svg.xpath("//title")[0].text_content())
    assert all(re.search(r"[\u4e00-\u9fff]", t) for t in svg.xpath('//g[@class="lineage-chart-legend"]/text/text()'))
    table = facts.arch_table_shortcode("", ctx)
    assert english_left(table, real) == set() and links_leaving_zh(table, "zh/concepts/x.md") == []
    assert chart.format_date("2021-10", "zh") == "2021年10月" and chart.format_date("2022-11-30", "zh") == "2022年11月30日"


def test_chart_wraps_chinese_by_width_and_english_as_before():
    assert chart.wrap("Few-shot chain-of-thought with majority voting, after further training on maths") == \
        __import__("textwrap").wrap("Few-shot chain-of-thought with majority voting, after further training on maths", 46)
    lines = chart.wrap("在数学与科学文本上继续训练后，用少样本思维链并做多数投票，再加上一段更长的说明文字")
    assert len(lines) == 2 and all(len(line) <= 24 for line in lines)
    assert facts.first_sentence("训练数据来自网页。第二句。") == "训练数据来自网页。"


def test_my_catalogue_objects_have_the_same_keys_and_placeholders():
    import string
    en, zh = i18n.catalogue("en"), i18n.catalogue("zh")
    mine = lambda cat: {k for k in cat if k.split(".")[0] in MY_OBJECTS}  # noqa: E731
    assert mine(en) == mine(zh)
    fields = lambda s: sorted(f for _, f, _, _ in string.Formatter().parse(s) if f is not None)  # noqa: E731
    for key in mine(en):
        if not key.startswith(("exports.files.", "exports.json.", "exports.schema.", "exports.csv.", "exports.graphml.")):
            assert fields(en[key]) == fields(zh[key]), key
