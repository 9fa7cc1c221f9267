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
    child = to_html(model_page.render(lineage, lineage.models["child"]))
    assert "&lt;script&gt;" in child  # the text is still there, visibly


def test_model_page_links_family_with_method_and_cites_through_references(lineage):
    text = model_page.render(lineage, lineage.models["child"])
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
    html = to_html(references.render(lineage))
    for sid in lineage.sources:
        assert html.count(f'id="src-{sid}"') == 1
    assert 'href="models/child.md"' in html
    assert 'href="#"' in html  # the javascript: URL was neutralised


def test_matrix_has_a_row_per_ability_and_a_column_per_model(lineage):
    html = to_html(matrix.render(lineage))
    table = html[html.index("<table>"):html.index("</table>")]
    assert len(re.findall(r"<th[ >]", table)) == len(lineage.models) + 1
    assert table.count("<tr>") == len(lineage.abilities) + 1
    assert 'id="ability-icl"' in table and 'id="ability-zero"' in table
    assert 'title="child: weakened — evidence: Conclusion — sources: Fu 2022"' in table
    # sort weights let site.js order ++ > + > empty > - > --
    assert re.findall(r'data-sort="(-?\d)"', table)[:3] == ["1", "-1", "-2"]


def test_summary_timeline_glossary(lineage):
    s = to_html(summary.render(lineage))
    assert "<th>Open-source approximation</th>" in s and 'href="https://example.org/opt"' in s
    t = to_html(timeline.render(lineage))
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
    assert "[base](../models/base.md)" in out
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
    assert "[base](base.md)" in (tmp_path / "out" / "models" / "child.md").read_text()


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
