"""Unit tests for the tree room: layout determinism, SVG ids/classes/data attributes, escaping of
hostile names, relative links with use_directory_urls on and off, DOT export, outline, shortcodes."""

from __future__ import annotations

import html
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pygraphviz as pgv
import pytest
import yaml

from conftest import html_link
from gpt_lineage.lineage import load_lineage
from gpt_lineage.render import shortcodes, tree, tree_page
from gpt_lineage.render.pages import generated_pages

BASE = Path(__file__).parent / "bad_inputs" / "base"
SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
HOSTILE = '<script>alert(1)</script> "q" \\N {x} & ü 中文'


def _write_model(data: Path, mid: str, name: str, api: str, date: str, parents: list[tuple[str, str, str]],
                 abilities=()) -> None:
    doc = {
        "id": mid, "name": name, "api_name": api, "series": "GPT-3.5", "organisation": "OpenAI",
        "release": {"date": date, "sources": ["blog-c"]},
        "parameters": {"undisclosed": True, "note": {"en": "n"}, "sources": ["blog-c"]},
        "context_window": {"value": 4096, "sources": ["blog-c"]},
        "training_data": {"text": {"en": "t"}, "sources": ["blog-c"]},
        "summary": {"en": "s"},
        "parents": [{"model": p, "method": m, "grade": g, "sources": ["blog-c"]} for p, m, g in parents],
        "abilities": [{"ability": a, "change": c, "grade": "official", "sources": ["blog-c"]} for a, c in abilities],
        "sources": ["blog-c"],
    }
    (data / "models" / f"{mid}.yaml").write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")


@pytest.fixture
def data(tmp_path) -> Path:
    """The shared fixture data plus gpt-d: two parents, a hostile name, a same-year child of gpt-c."""
    target = tmp_path / "data"
    shutil.copytree(BASE, target)
    _write_model(target, "gpt-d", HOSTILE, "api-<d>&'\"", "2022-12",
                 [("gpt-b", "pretraining", "official"), ("gpt-c", "sft", "conclusion")],
                 abilities=[("fluency", "++"), ("in-context", "+")])
    abilities = yaml.safe_load((target / "abilities.yaml").read_text())
    abilities["abilities"][0]["name"]["en"] = "Fluency </script><!--"
    (target / "abilities.yaml").write_text(yaml.safe_dump(abilities, allow_unicode=True), encoding="utf-8")
    return target


@pytest.fixture
def lineage(data):
    return load_lineage(data)


def _svg(lineage, src="tree.md", dirs=True, **kw) -> ET.Element:
    return ET.fromstring(tree.render_svg(lineage, src, dirs, **kw))


def _nodes(root: ET.Element) -> dict[str, ET.Element]:
    return {a.get("data-model"): a for a in root.iter(f"{SVG}a")}


def _edges(root: ET.Element) -> dict[str, ET.Element]:
    return {g.get("id"): g for g in root.iter(f"{SVG}g") if "lt-edge" in (g.get("class") or "").split()}


def test_same_svg_on_every_build(data):
    first = load_lineage(data)
    second = load_lineage(data)  # another Lineage object: laid out again from scratch
    assert tree.layout(first) is not tree.layout(second)
    assert tree.render_svg(first, "tree.md", True) == tree.render_svg(second, "tree.md", True)
    assert tree.render_dot(first) == tree.render_dot(second)


def test_layout_runs_once_per_lineage(lineage, monkeypatch):
    first = tree.layout(lineage)
    monkeypatch.setattr(tree, "_compute_layout", lambda _lin: pytest.fail("laid out twice"))
    assert tree.layout(lineage) is first
    tree.render_svg(lineage, "models/gpt-a.md", False, focus="gpt-a")


def test_nodes_and_edges_carry_ids_classes_and_data(lineage):
    root = _svg(lineage)
    nodes = _nodes(root)
    assert list(nodes) == ["gpt-a", "gpt-b", "gpt-c", "gpt-d"]  # release order = tab order
    d = nodes["gpt-d"]
    assert d.get("id") == "node-gpt-d" and d.get("tabindex") == "0" and d.get("class") == "lt-node"
    assert d.get("data-parents") == "gpt-b gpt-c"
    assert d.get("data-date") == "2022-12" and d.get("data-year") == "2022"
    assert d.get("data-abilities") == "fluency:++:official in-context:+:official"
    assert nodes["gpt-b"].get("data-children") == "gpt-c gpt-d"
    assert "Trained from GPT-B by Pre-training (Official)." in d.get("aria-label")
    edges = _edges(root)
    assert set(edges) == {"edge-gpt-a--gpt-b", "edge-gpt-b--gpt-c", "edge-gpt-b--gpt-d", "edge-gpt-c--gpt-d"}
    e = edges["edge-gpt-c--gpt-d"]
    assert (e.get("data-parent"), e.get("data-child"), e.get("data-method"), e.get("data-grade")) == (
        "gpt-c", "gpt-d", "sft", "conclusion")
    assert {"lt-edge", "lt-method-sft", "lt-grade-conclusion", "lt-line-dashed"} <= set(e.get("class").split())
    assert e.get("style") == "--lt-c:#2ca02c;--lt-cd:#81c995"
    assert e.find(f"{SVG}text").text == "SFT"


def test_no_colours_baked_into_the_svg(lineage):
    svg = tree.render_svg(lineage, "tree.md", True)
    assert not re.search(r'\s(fill|stroke|color)="', svg)
    assert " href=" not in svg  # xlink:href only: Material's instant navigation breaks on SVG `href`
    assert "#" not in re.sub(r'style="--lt-c:#[0-9a-f]{6};--lt-cd:#[0-9a-f]{6}"', "", svg).replace("&#", "")


def test_parents_above_children_and_years_top_to_bottom(lineage):
    lay = tree.layout(lineage)
    for e in lineage.edges:
        assert lay.nodes[e.parent][1] < lay.nodes[e.child][1], e
    years = [b.year for b in lay.bands]
    assert years == sorted(years) == [2018, 2020, 2022]
    for m in lineage.models.values():
        band = next(b for b in lay.bands if b.year == m.release.year)
        assert band.top < lay.nodes[m.id][1] < band.bottom
    # gpt-c (2022) and its child gpt-d (2022-12) share a band but not a row
    assert lay.nodes["gpt-c"][1] < lay.nodes["gpt-d"][1]


def test_hostile_names_are_escaped_everywhere(lineage):
    svg = tree.render_svg(lineage, "tree.md", True)
    assert "<script" not in svg
    node = _nodes(ET.fromstring(svg))["gpt-d"]
    assert node.get("data-name") == HOSTILE
    assert node.get("data-api") == "api-<d>&'\""
    assert node.get("aria-label").startswith(HOSTILE)
    figure = tree_page.figure(lineage, "tree.md", True)
    payload = re.search(r'data-names="([^"]*)"', figure).group(1)
    assert "<" not in payload
    assert json.loads(html.unescape(payload))["abilities"]["fluency"]["en"] == "Fluency </script><!--"
    assert "<script" not in figure


def test_dot_export_keeps_hostile_labels_literal(lineage):
    graph = pgv.AGraph(string=tree.render_dot(lineage))
    label = graph.get_node("gpt-d").attr["label"]
    assert label.split("\\n")[0] == tree.short(HOSTILE).replace("\\", "\\\\")
    assert graph.get_edge("gpt-c", "gpt-d").attr["xlabel"] == "SFT"
    assert graph.get_edge("gpt-c", "gpt-d").attr["style"] == "dashed"


def test_standalone_svg_is_well_formed_xml_with_its_own_colours(lineage):
    text = tree.render_standalone_svg(lineage)
    root = ET.fromstring(text.split("\n", 1)[1])
    assert root.find(f"{SVG}style") is not None
    assert _nodes(root)["gpt-a"].get(XLINK_HREF) == "../models/gpt-a/"


@pytest.mark.parametrize("dirs, target", [(True, "models/gpt-a/index.html"), (False, "models/gpt-a.html")])
def test_standalone_svg_links_reach_the_model_page_from_where_it_is_served(lineage, tmp_path, dirs, target):
    """Resolve each link against the file's own URL (site/exports/tree.svg) and find the page MkDocs
    writes for that setting."""
    from urllib.parse import urljoin

    root = ET.fromstring(tree.render_standalone_svg(lineage, use_directory_urls=dirs).split("\n", 1)[1])
    for mid, node in _nodes(root).items():
        url = urljoin("https://host/base/exports/tree.svg", node.get(XLINK_HREF))
        path = url.removeprefix("https://host/base/")
        path = path + "index.html" if path.endswith("/") else path
        assert path == target.replace("gpt-a", mid)


@pytest.mark.parametrize("src, dirs, expected", [
    ("tree.md", True, "../models/gpt-a/"),
    ("tree.md", False, "models/gpt-a.html"),
    ("models/gpt-d.md", True, "../gpt-a/"),
    ("models/gpt-d.md", False, "gpt-a.html"),
    ("index.md", True, "models/gpt-a/"),
])
def test_links_are_relative_to_the_page(lineage, src, dirs, expected):
    assert _nodes(_svg(lineage, src, dirs))["gpt-a"].get(XLINK_HREF) == expected


def test_focus_view_marks_ancestors_descendants_and_fades_side_links(lineage):
    root = _svg(lineage, "models/gpt-c.md", True, focus="gpt-c", id_prefix="focus-")
    classes = {mid: set(a.get("class").split()) for mid, a in _nodes(root).items()}
    assert "lt-self" in classes["gpt-c"] and "lt-ancestor" in classes["gpt-b"] and "lt-ancestor" in classes["gpt-a"]
    assert "lt-descendant" in classes["gpt-d"]
    edges = _edges(root)
    assert "lt-on-path" in edges["focus-edge-gpt-b--gpt-c"].get("class")
    assert "lt-dim" in edges["focus-edge-gpt-b--gpt-d"].get("class")  # between two members, not through gpt-c
    assert _nodes(root)["gpt-c"].get("id") == "focus-node-gpt-c"


def _box(el: ET.Element) -> tuple[float, float, float, float]:
    return tuple(float(el.get(k)) for k in ("x", "y", "width", "height"))


@pytest.fixture
def branched(data):
    """The fixture plus gpt-e, a 2020 side branch off gpt-a that no other model's lineage includes."""
    _write_model(data, "gpt-e", "GPT-E", "e", "2020-09", [("gpt-a", "sft", "official")])
    return load_lineage(data)


@pytest.mark.parametrize("mid", ["gpt-a", "gpt-b", "gpt-c", "gpt-d", "gpt-e"])
def test_focus_view_holds_exactly_the_model_its_ancestors_and_descendants(branched, mid):
    lineage = branched
    root = _svg(lineage, f"models/{mid}.md", True, focus=mid, id_prefix="focus-")
    members = {mid} | lineage.ancestors(mid) | lineage.descendants(mid)
    assert set(_nodes(root)) == members
    assert {(g.get("data-parent"), g.get("data-child")) for g in _edges(root).values()} == {
        (e.parent, e.child) for e in lineage.edges if e.parent in members and e.child in members}
    vx, vy, vw, vh = (float(v) for v in root.get("viewBox").split())
    assert (root.get("width"), root.get("height")) == (tree._f(vw), tree._f(vh))
    for a in _nodes(root).values():  # every box inside the crop
        x, y, w, h = _box(a.find(f"{SVG}rect"))
        assert vx <= x and x + w <= vx + vw and vy <= y and y + h <= vy + vh
    years = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "lt-year"]
    assert years == sorted({str(lineage.models[m].release.year) for m in members})
    if mid in ("gpt-c", "gpt-d", "gpt-e"):  # a side branch is left out, so the crop is smaller
        assert len(members) < len(lineage.models)
        assert vw * vh < float(_svg(lineage).get("width")) * float(_svg(lineage).get("height"))
    for band in root.iter(f"{SVG}rect"):  # bands clipped to the crop, labels at its left edge
        if "lt-band" in band.get("class", ""):
            x, y, w, h = _box(band)
            assert (x, w) == (vx, vw) and vy <= y and y + h <= vy + vh + 0.1


def test_focus_view_size_follows_the_lineage_not_the_tree(tmp_path):
    """At 300 synthetic models every model page's view is bounded by its own lineage's size: at most
    the full tree's bytes per drawn element times its elements (plus a small header), so 1,000 pages
    no longer carry 1,000 full trees; and the layout is not run again for any page."""
    from gpt_lineage.synthetic import write_data_dir

    big = load_lineage(write_data_dir(300, tmp_path / "big"))
    full = tree.render_svg(big, "tree.md", True)
    per_element = len(full) / (len(big.models) + len(big.edges))
    lay = tree.layout(big)
    sizes = []
    for mid in big.models:
        members = {mid} | big.ancestors(mid) | big.descendants(mid)
        n_edges = sum(e.parent in members and e.child in members for e in big.edges)
        svg = tree.render_svg(big, f"models/{mid}.md", True, focus=mid, id_prefix="focus-")
        assert len(svg) <= 1.3 * per_element * (len(members) + n_edges) + 2000, mid
        sizes.append(len(svg))
    assert tree.layout(big) is lay
    assert sorted(sizes)[len(sizes) // 2] < len(full) / 4  # the typical page carries a fraction of the tree


def test_outline_lists_every_model_under_each_parent(lineage):
    outline = tree_page.render_outline(lineage)
    lines = outline.splitlines()
    assert lines[0].startswith("- " + html_link("GPT-A", "models/gpt-a.md"))
    assert lines[1].startswith("    - " + html_link("GPT-B", "models/gpt-b.md"))
    d_lines = [line for line in lines if '<a href="models/gpt-d.md">' in line]
    assert len(d_lines) == 2 and d_lines[1].endswith("(shown above)")
    assert "<script>" not in outline


def test_tree_page_is_registered_once(lineage):
    pages = [p for p in generated_pages(lineage) if p.src_uri == "tree.md"]
    assert len(pages) == 1 and pages[0].section == "Explore"
    assert "\n[[tree]]\n" in pages[0].content and "## Text outline" in pages[0].content
    # full width: Material hides navigation and table of contents (front matter first in the file)
    front = yaml.safe_load(pages[0].content.split("---\n")[1])
    assert pages[0].content.startswith("---\n") and front == {"hide": ["navigation", "toc"]}


def test_shortcodes_expand_and_reject_bad_arguments(lineage):
    out = shortcodes.expand("[[tree]]\n", lineage, "tree.md", True)
    assert 'data-lineage-tree="interactive"' in out and "data-search-exclude" in out
    focus = shortcodes.expand("[[tree-focus:gpt-b]]\n", lineage, "models/gpt-b.md", False)
    assert 'id="focus-node-gpt-b"' in focus and 'href="../tree.html?model=gpt-b"' in focus
    with pytest.raises(shortcodes.ShortcodeError, match="takes no argument"):
        shortcodes.expand("[[tree:big]]", lineage, "tree.md", True)
    with pytest.raises(shortcodes.ShortcodeError, match="unknown model id 'nope'"):
        shortcodes.expand("[[tree-focus:nope]]", lineage, "x.md", True)


# --- languages -------------------------------------------------------------------------------------

from html.parser import HTMLParser  # noqa: E402
from urllib.parse import urljoin  # noqa: E402

from gpt_lineage import i18n  # noqa: E402

CJK = re.compile(r"[\u4e00-\u9fff]")
WORD = re.compile(r"[A-Za-z]{3,}")
# Attributes a reader sees or hears.
SPOKEN = ("aria-label", "title", "placeholder")


class _Reader(HTMLParser):
    """Every text node and every seen or heard attribute of a figure (HTML with inline SVG)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self.attrs: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            self.attrs.setdefault(key, []).append(value or "")
            if key in SPOKEN and value:
                self.pieces.append(value)

    def handle_data(self, data):
        if data.strip():
            self.pieces.append(data)


def _read(markup: str) -> _Reader:
    reader = _Reader()
    reader.feed(markup)
    return reader


def _data_strings(lineage) -> list[str]:
    """Everything in the figure that comes from the data (names, ids, markers, dates, texts)."""
    out: list[str] = []
    for m in lineage.models.values():
        out += [m.name, tree.short(m.name), m.api_name or "", m.release.date, m.id]
    for group in (lineage.methods, lineage.grades, lineage.abilities):
        for item in group.values():
            out += [item.id, item.name.en, item.name.zh or ""]
            for field in ("description", "definition"):
                value = getattr(item, field, None)
                if value is not None:
                    out += [value.en, value.zh or ""]
            out.append(getattr(item, "marker", ""))
    return sorted({s for s in out if s}, key=len, reverse=True)


def _tree_catalogue(lang: str) -> dict[str, str]:
    return {k: v for k, v in i18n.catalogue(lang).items() if k.startswith("tree.")}


def test_both_catalogues_have_the_same_tree_keys_and_placeholders():
    en, zh = _tree_catalogue("en"), _tree_catalogue("zh")
    assert en and set(en) == set(zh)
    for key in en:
        assert set(re.findall(r"\{(\w+)\}", en[key])) == set(re.findall(r"\{(\w+)\}", zh[key])), key
        if key != "tree.aria.sentence_sep" and WORD.search(en[key]):
            assert en[key] != zh[key], f"{key} is not translated"


def test_zh_figure_has_chinese_words_and_zh_links(lineage):
    fig = tree_page.figure(lineage, "zh/tree.md", True)
    assert fig == tree_page.figure(lineage, "zh/tree.md", True, "zh")  # the page's language by default
    reader = _read(fig)
    shown = "\n".join(reader.pieces)
    for key in ("legend.label", "legend.methods", "legend.grades", "legend.boxes", "controls.find",
                "controls.placeholder", "controls.ability", "controls.method", "controls.evidence",
                "controls.zoom_in", "controls.zoom_out", "controls.reset", "svg_title"):
        assert i18n.t("zh", f"tree.{key}") in shown, key
    assert i18n.t("zh", "tree.no_api") in shown  # gpt-a has no API name
    assert "流畅" in shown  # ability names in Chinese (the filter)
    # a method without a Chinese name falls back to English, marked as such
    assert re.search(r'<span class="lineage-untranslated" lang="en"[^>]*>Pre-training', fig)
    hrefs = reader.attrs["xlink:href"]
    assert hrefs and all(urljoin("https://h/zh/tree/", h).startswith("https://h/zh/models/") for h in hrefs)
    words = json.loads(reader.attrs["data-i18n"][0])
    assert words["lang"] == "zh" and words["released"] == i18n.t("zh", "tree.script.released")
    names = json.loads(reader.attrs["data-names"][0])
    assert names["changes"]["++"] == "显著增强"
    node = _nodes(_svg(lineage, "zh/tree.md"))["gpt-d"]
    assert "能力：" in node.get("aria-label") and "显著增强" in node.get("aria-label")


def test_zh_figure_has_no_english_interface_words(lineage):
    """Whatever a reader sees or hears in the Chinese figure is Chinese, except data (names, ids,
    markers, untranslated data texts): no word of an English tree string is left."""
    english = {w.lower() for v in _tree_catalogue("en").values() for w in WORD.findall(v)}
    english -= {w.lower() for v in _tree_catalogue("zh").values() for w in WORD.findall(v)}  # API, GPT, Esc
    data = _data_strings(lineage)
    reader = _read(tree_page.figure(lineage, "zh/tree.md", True))
    pieces = reader.pieces + list(json.loads(reader.attrs["data-i18n"][0]).values())
    pieces += [v for v in json.loads(reader.attrs["data-names"][0])["changes"].values()]
    left = []
    for piece in pieces:
        for s in data:
            piece = piece.replace(s, " ")
        left += [w for w in WORD.findall(piece) if w.lower() in english]
    assert left == []
    assert english & {"legend", "released", "zoom", "trained", "abilities"}  # the check can fail


def test_zh_focus_view_outline_and_page(lineage):
    focus = tree_page.focus_svg(lineage, "gpt-c", "zh/models/gpt-c.md", True)
    reader = _read(focus)
    assert i18n.t("zh", "tree.focus.whole") in reader.pieces
    link = re.search(r'<a href="([^"]+)">', focus).group(1)
    assert urljoin("https://h/zh/models/gpt-c/", link) == "https://h/zh/tree/?model=gpt-c"
    assert all(urljoin("https://h/zh/models/gpt-c/", h).startswith("https://h/zh/models/")
               for h in reader.attrs["xlink:href"])
    assert "GPT-C 在 GPT 谱系中的位置" in reader.pieces
    outline = tree_page.render_outline(lineage, "zh/tree.md")
    assert outline.splitlines()[1].startswith(f'    - {html_link("GPT-B", "models/gpt-b.md")}（API：davinci），')
    assert "源自 GPT-A" in outline and "（见上文）" in outline
    page = next(iter(tree_page.pages(lineage, "zh")))
    assert page.src_uri == "zh/tree.md" and page.title == "演化树" and page.section == "Explore"
    assert "# 演化树" in page.content and "\n[[tree]]\n" in page.content and "(#how-to-use-the-tree)" in page.content
    assert "{#how-to-use-the-tree}" in page.content and "文本大纲" in page.content
    assert not re.search(r"\b(Every|Hover|Text outline|How to use)\b", page.content)
    en = next(iter(tree_page.pages(lineage, "en")))
    assert (en.src_uri, en.title) == ("tree.md", "Evolution tree")


def test_shortcodes_speak_the_language_of_their_page(lineage):
    out = shortcodes.expand("[[tree]]\n", lineage, "zh/tree.md", True)
    assert "查找模型" in out and "Find a model" not in out
    focus = shortcodes.expand("[[tree-focus:gpt-b]]\n", lineage, "zh/models/gpt-b.md", True)
    assert "在完整的交互式演化树中查看" in focus


def test_one_layout_for_both_languages_same_boxes(lineage, monkeypatch):
    first = tree.layout(lineage)
    monkeypatch.setattr(tree, "_compute_layout", lambda _lin: pytest.fail("laid out twice"))
    boxes = {}
    for lang in i18n.LANGUAGES:
        src = i18n.page_src("tree.md", lang)
        tree_page.figure(lineage, src, True)
        tree_page.focus_svg(lineage, "gpt-c", i18n.page_src("models/gpt-c.md", lang), True)
        boxes[lang] = {mid: _box(a.find(f"{SVG}rect")) for mid, a in _nodes(_svg(lineage, src)).items()}
    assert tree.layout(lineage) is first
    assert boxes["en"] == boxes["zh"]
    en, zh = (_svg(lineage, i18n.page_src("tree.md", lang)) for lang in ("en", "zh"))
    assert (en.get("viewBox"), en.get("width")) == (zh.get("viewBox"), zh.get("width"))


def test_node_width_fits_the_no_api_line_in_every_language(lineage):
    for lang in i18n.LANGUAGES:
        assert tree.text_width(i18n.t(lang, "tree.no_api"), 11.5) + 20 <= tree.layout(lineage).node_w


def test_standalone_svg_and_dot_stay_english(lineage):
    svg = tree.render_standalone_svg(lineage)
    root = ET.fromstring(svg.split("\n", 1)[1])
    assert root.find(f"{SVG}title").text == "GPT lineage tree"
    assert "Trained from GPT-B" in _nodes(root)["gpt-d"].get("aria-label")
    assert not CJK.search(svg.replace("中文", ""))  # the hostile fixture name has Chinese in it
    assert "no API name" in tree.render_dot(lineage)


def test_script_words_all_come_from_the_catalogue():
    """The script has no words of its own: every `say("key")` is in the catalogue and every script
    key is used; no string literal in the script is a sentence."""
    js = (Path(__file__).parent.parent / "docs" / "javascripts" / "lineage-tree.js").read_text(encoding="utf-8")
    keys = {k[len("tree.script."):] for k in _tree_catalogue("en") if k.startswith("tree.script.")}
    used = set(re.findall(r'say\("(\w+)"', js)) | set(re.findall(r'\? "(\w+)" : "(\w+)"', js)[0])
    assert used == keys
    code = re.sub(r"/\*.*?\*/", "", js, flags=re.DOTALL)
    code = re.sub(r"(^|\s)//[^\n]*", "", code)
    for literal in set(re.findall(r'"([^"\\\n]*)"', code)) - {"use strict"}:
        assert not re.search(r"[A-Za-z]{2,} [a-z]{2,}", literal), literal  # no sentence literals


# --- the ability filter's provenance set (issue 11) ----------------------------------------------------


def _ability_options(fig: str) -> dict[str, dict[str, str]]:
    return {m.group(1): dict(re.findall(r'(data-[a-z]+)="([^"]*)"', m.group(0)))
            for m in re.finditer(r'<option value="([^"]+)" data-records=[^>]*>', fig)}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ability_options_carry_the_provenance_set_the_ability_page_draws(branched, lang):
    """Each ability of the filter lists its provenance set, computed by tree.provenance — the function
    render/provenance.py draws the ability page's view with — and links to the ability's page."""
    from gpt_lineage.render import provenance

    lineage = branched
    src = i18n.page_src("tree.md", lang)
    options = _ability_options(tree_page.figure(lineage, src, True))
    assert set(options) == set(lineage.abilities)
    assert provenance.Provenance is tree.Provenance  # one definition, shared
    for aid, data in options.items():
        prov = tree.provenance(lineage, aid)
        records = dict(item.rsplit(":", 1) for item in html.unescape(data["data-records"]).split())
        assert records == prov.changes
        assert set(data["data-between"].split()) == set(prov.between)
        # tree/ → abilities/<id>/, zh/tree/ → zh/abilities/<id>/: the page in the tree's language
        assert data["data-page"] == f"../abilities/{aid}/"
        assert urljoin(f"https://x.org/{'' if lang == 'en' else 'zh/'}tree/", data["data-page"]).endswith(
            f"{'' if lang == 'en' else '/zh'}/abilities/{aid}/")
        if prov.changes:  # the ability page's provenance view draws exactly these models
            view = ET.fromstring(provenance.render_svg(lineage, aid, i18n.page_src(f"abilities/{aid}.md", lang),
                                                       True, lang))
            drawn = {a.get("data-model") for a in view.iter(f"{SVG}a")}
            assert drawn == set(records) | set(data["data-between"].split())


def test_provenance_between_holds_the_models_on_the_lines(branched):
    # gpt-d records fluency and in-context; gpt-a/gpt-b/gpt-c (base data) record some too
    for aid in branched.abilities:
        prov = tree.provenance(branched, aid)
        for mid in prov.between:
            assert branched.ancestors(mid) & set(prov.changes) and branched.descendants(mid) & set(prov.changes)


# --- relation kinds, openness, series lanes, a tree of ~35 models (issues 15/16) ----------------------

RELATIONS = Path(__file__).parent / "fixtures" / "relations_data"
BIG_SERIES = ("GPT-3", "GPT-3.5", "LLaMA", "GPT-4", "o-series", "DeepSeek", "GPT-5")
OPEN_SERIES = {"LLaMA": ("Meta AI", "Llama 2 Community License"), "DeepSeek": ("DeepSeek-AI", "MIT")}


def write_big_data(out: Path, n: int = 35) -> Path:
    """A valid data directory of `n` synthetic models with the new relations: series lanes, open
    models of other organisations, distilled-from parents and successions, releases 2018 … 2026."""
    from datetime import date, timedelta

    from gpt_lineage.synthetic import write_data_dir

    data = write_data_dir(n, out, seed=3)
    docs = {}
    for i in range(n):
        path = data / "models" / f"syn-{i:04d}.yaml"
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        series = BIG_SERIES[i * len(BIG_SERIES) // n]
        doc["series"] = series
        doc["release"]["date"] = (date(2018, 6, 1) + timedelta(days=round(i * 2900 / (n - 1)))).isoformat()
        if series in OPEN_SERIES:
            doc["organisation"], doc["licence"] = OPEN_SERIES[series]
            doc["open_weights"] = True
        if i % 4 == 2 and doc["parents"]:
            doc["parents"][0]["relation"] = "distilled-from"
        if i % 5 == 3:
            doc["succeeds"] = [{"model": f"syn-{i - 1:04d}", "grade": "official", "sources": list(doc["sources"])}]
        docs[path] = doc
    for path, doc in docs.items():
        path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return data


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    return load_lineage(write_big_data(tmp_path_factory.mktemp("big") / "data"))


@pytest.mark.parametrize("fixture", ["relations", "big"])
def test_three_relation_kinds_render_differently_and_are_in_the_legend(fixture, big):
    lineage = big if fixture == "big" else load_lineage(RELATIONS)
    root = _svg(lineage)
    edges = {g.get("id"): g for g in root.iter(f"{SVG}g") if "lt-edge" in (g.get("class") or "").split()}
    succs = {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("class") == "lt-succ"}
    kinds = {e.relation for e in lineage.edges}
    assert kinds == {"trained-from", "distilled-from"} and lineage.successions
    for e in lineage.edges:
        g = edges[f"edge-{e.parent}--{e.child}"]
        assert f"lt-rel-{e.relation}" in g.get("class")
        cores = [p for p in g.iter(f"{SVG}path") if p.get("class") == "lt-edge-core"]
        assert len(cores) == (1 if e.relation == "distilled-from" else 0)  # the hollow, cased line
        assert g.find(f"{SVG}text").get("class") == "lt-marker"  # a training step has its method
    assert set(succs) == {f"succ-{s.predecessor}--{s.successor}" for s in lineage.successions}
    for g in succs.values():  # thin, circle-headed, no method marker, not an ancestry edge
        assert g.find(f"{SVG}circle").get("class") == "lt-succ-head"
        assert g.find(f"{SVG}polygon") is None and not [t for t in g.iter(f"{SVG}text")]
    for lang in ("en", "zh"):
        legend = tree_page.render_legend(lineage, lang)
        for kind, key in (("trained-from", "trained_from"), ("distilled-from", "distilled_from"),
                          ("succeeds", "succeeds")):
            assert f'data-relation="{kind}"' in legend
            assert html.escape(i18n.t(lang, f"tree.legend.{key}"), quote=False) in legend
        assert html.escape(i18n.t(lang, "tree.legend.relations"), quote=False) in legend


def test_open_weights_and_organisation_are_visible(big):
    root = _svg(big, "zh/tree.md")
    nodes = _nodes(root)
    for m in big.models.values():
        a = nodes[m.id]
        assert a.get("data-org") == m.organisation and a.get("data-series") == m.series
        assert ("lt-open" in a.get("class")) == m.open_weights
        assert a.get("data-open") == ("1" if m.open_weights else "")
        tags = [t.text for t in a.iter(f"{SVG}text") if t.get("class") == "lt-open-tag"]
        assert tags == ([i18n.t("zh", "tree.open_tag")] if m.open_weights else [])
        label = a.get("aria-label")
        assert m.organisation in label
        if not m.api_name and m.organisation != "OpenAI":  # second line: the organisation
            assert any(t.text == m.organisation for t in a.iter(f"{SVG}text") if "lt-api-org" in t.get("class", ""))
    fig = tree_page.figure(big, "tree.md", True)
    assert 'name="open"' in fig and i18n.t("en", "tree.controls.open") in fig


def _rects(root, cls):
    out = []
    for r in root.iter(f"{SVG}rect"):
        if r.get("class") == cls:
            x, y, w, h = _box(r)
            out.append((x, y, x + w, y + h))
    return out


def _overlap(a, b, pad=0.0):
    return a[0] < b[2] - pad and b[0] < a[2] - pad and a[1] < b[3] - pad and b[1] < a[3] - pad


def test_big_tree_no_overlaps_lanes_and_time_axis(big):
    """~35 models: no two boxes overlap, no method marker covers a box or another marker, one lane
    per series holding exactly its models, lanes do not overlap, the year bands run to the last year."""
    root = _svg(big)
    boxes = _rects(root, "lt-box")
    markers = _rects(root, "lt-marker-box")
    assert len(boxes) == len(big.models) >= 30
    for i, a in enumerate(boxes):
        assert not any(_overlap(a, b) for b in boxes[i + 1:])
    for i, m in enumerate(markers):
        assert not any(_overlap(m, b) for b in boxes), m
        assert not any(_overlap(m, o) for o in markers[i + 1:]), m
    lay = tree.layout(big)
    lanes = {box.series: box for box in lay.series}
    assert set(lanes) == {m.series for m in big.models.values()}
    for m in big.models.values():
        x, y = lay.nodes[m.id]
        box = lanes[m.series]
        assert box.x0 <= x - lay.node_w / 2 and x + lay.node_w / 2 <= box.x1 and box.y0 <= y <= box.y1
    series = list(lanes.values())
    for i, a in enumerate(series):
        for b in series[i + 1:]:
            assert not _overlap((a.x0, a.y0, a.x1, a.y1), (b.x0, b.y0, b.x1, b.y1), pad=0.5), (a.series, b.series)
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "lt-lane-label"]
    assert sorted(labels) == sorted(lanes)
    years = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "lt-year"]
    assert years == [str(y) for y in range(2018, 2027)]
    # a series reads down its lane in release order
    for s in lanes:
        ys = [lay.nodes[m.id][1] for m in big.release_order() if m.series == s]
        assert ys == sorted(ys)
    # the desktop view keeps names >= 10 px: 13.5 px text at the script's desktop scale (0.75)
    assert 13.5 * 0.75 >= 10


def test_big_tree_focus_views_stay_small(big):
    full = tree.render_svg(big, "tree.md", True)
    sizes = sorted(len(tree_page.focus_svg(big, mid, f"models/{mid}.md", True)) for mid in big.models)
    assert sizes[len(sizes) // 2] < len(full) / 3
