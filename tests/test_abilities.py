"""Ability pages, method pages and the model pages' "What changed", over the built site (both languages).

The answer sentence at the top of an ability page is generated from the data: a copy of the data
with one grade changed builds a site whose sentence says the new grade.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
from lxml import html as lxml_html

from conftest import PROJECT
from gpt_lineage.i18n import LANGUAGES, page_src, t, text
from gpt_lineage.lineage import load_lineage
from gpt_lineage.render import changes, links
from gpt_lineage.testkit import mkdocs_build, project_copy


@pytest.fixture(scope="module")
def lineage():
    return load_lineage(PROJECT / "data")


def _url(src: str) -> str:
    """Site-relative directory URL of a page source path (`abilities/x.md` -> `abilities/x/`)."""
    return links.page_url(src, True)


def _doc(site: Path, src: str):
    url = _url(src)
    path = site / url / "index.html" if url.endswith("/") or url == "" else site / url
    assert path.exists(), f"{src} was not built ({path})"
    return lxml_html.fromstring(path.read_text(encoding="utf-8")), url


def _linked(doc, url: str, root_xpath: str = '//article') -> set[str]:
    """Every page (site-relative URL, no fragment) that links inside `root_xpath` reach."""
    found = set()
    for root in doc.xpath(root_xpath):
        for href in [a.get("href") or a.get("xlink:href") or "" for a in root.iter("a")]:
            if href.startswith(("http:", "https:", "#", "mailto:")):
                continue
            found.add(urljoin("/" + url, href).split("#")[0].lstrip("/"))
    return found


def _section(doc, heading: str):
    """The elements after the h2 whose text is `heading`, up to the next h2."""
    for h2 in doc.xpath("//article//h2"):
        if h2.text_content().strip().rstrip("¶").strip() == heading:
            out = []
            for sib in h2.itersiblings():
                if sib.tag == "h2":
                    break
                out.append(sib)
            return out
    raise AssertionError(f"no section {heading!r}")


# --- every registry entry has its page, in both languages ---------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_ability_and_method_has_its_page(built_site, lineage, lang):
    for a in lineage.abilities.values():
        doc, _ = _doc(built_site, links.ability_src(a.id, lang))
        assert doc.xpath("//article//h1")[0].text_content().strip().rstrip("¶").strip() == text(a.name, lang)
    for m in lineage.methods.values():
        doc, _ = _doc(built_site, links.method_src(m.id, lang))
        assert doc.xpath("//article//h1")[0].text_content().strip().rstrip("¶").strip() == text(m.name, lang)
    for index, registry, src_of in (("abilities/index.md", lineage.abilities, links.ability_src),
                                    ("methods/index.md", lineage.methods, links.method_src)):
        doc, url = _doc(built_site, page_src(index, lang))
        assert {_url(src_of(x, lang)) for x in registry} <= _linked(doc, url)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_ability_pages_link_every_model_recording_a_change(built_site, lineage, lang):
    for a in lineage.abilities.values():
        doc, url = _doc(built_site, links.ability_src(a.id, lang))
        recording = {m.id for m in lineage.models.values() if any(c.ability == a.id for c in m.abilities)}
        want = {_url(links.model_src(mid, lang)) for mid in recording}
        assert want <= _linked(doc, url), (a.id, want - _linked(doc, url))
        # the provenance figure: exactly the recording models carry a badge, each its own change
        badges = {n.get("data-model"): n.get("data-change")
                  for n in doc.xpath("//*[local-name()='a'][contains(@class, 'lt-node')]") if n.get("data-change")}
        assert badges == {m.id: c.change for m in lineage.models.values() for c in m.abilities if c.ability == a.id}
        # its boxes are plain SVG links to the model pages (no JavaScript needed)
        for node in doc.xpath("//*[local-name()='a'][contains(@class, 'lt-node')]"):
            href = node.get("xlink:href") or node.get("{http://www.w3.org/1999/xlink}href")
            assert href, node.get("data-model")
            assert urljoin("/" + url, href).lstrip("/") == _url(links.model_src(node.get("data-model"), lang))
        for mid in recording:
            assert doc.xpath(f'//*[@id="change-{mid}"]'), (a.id, mid)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_method_pages_link_every_model_trained_with_it(built_site, lineage, lang):
    for method in lineage.methods.values():
        doc, url = _doc(built_site, links.method_src(method.id, lang))
        steps = changes.steps_with(lineage, method.id)
        want = {_url(links.model_src(mid, lang)) for s in steps for mid in (s.parent, s.child)}
        assert want <= _linked(doc, url), (method.id, want - _linked(doc, url))
        # and the abilities that changed across each of its steps
        abilities = {_url(links.ability_src(a.ability, lang)) for s in steps for a in lineage.models[s.child].abilities}
        assert abilities <= _linked(doc, url), method.id


# --- the generated answer -------------------------------------------------------------------------


def _answer(doc) -> str:
    return " ".join(doc.xpath('//div[contains(@class, "lineage-answer")]')[0].text_content().split())


def _marked(element, url: str, lang: str, lineage) -> str:
    """The element's text with each model link, method link and grade badge replaced by a marker
    (`<m:gpt-2>`, `<x:scaling>`, `<g:official>`), whitespace collapsed."""
    models = {_url(links.model_src(m, lang)): m for m in lineage.models}
    methods = {_url(links.method_src(m, lang)): m for m in lineage.methods}

    def walk(e) -> str:
        href = e.get("href")
        target = urljoin("/" + url, href).split("#")[0].lstrip("/") if href else None
        if e.tag == "a" and target in models:
            inner = f"<m:{models[target]}>"
        elif e.tag == "a" and target in methods:
            inner = f"<x:{methods[target]}>"
        elif e.get("data-grade") and "lineage-grade" in (e.get("class") or ""):
            inner = f"<g:{e.get('data-grade')}>"
        else:
            inner = (e.text or "") + "".join(walk(c) for c in e)
        return inner + (e.tail or "") if e is not element else inner
    return " ".join(walk(element).split())


def _grade_after(marked: str, model_id: str) -> str:
    """The first grade badge after the model's (first) link."""
    at = marked.index(f"<m:{model_id}>")
    return re.search(r"<g:([a-z-]+)>", marked[at:]).group(1)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_answer_sentence_matches_the_data(built_site, lineage, lang):
    """The answer names the first appearance (model, its grade, the step and the step's grade), then
    every later change in one part per kind of change (strengthened, weakened, …), each model
    followed by its own change's grade and the part naming the methods of its steps; never more
    than three sentences, however many models change the ability."""
    for a in lineage.abilities.values():
        doc, url = _doc(built_site, links.ability_src(a.id, lang))
        said = _answer(doc)
        records = changes.history(lineage, a.id)
        if not records:
            assert t(lang, "ability.answer.none") in said
            continue
        box = doc.xpath('//div[contains(@class, "lineage-answer")]')[0]
        marked = _marked(box, url, lang, lineage)
        assert len(re.findall(r"[.。](?:\s|$)", said)) <= 3, (a.id, said)
        first = next((r for r in records if r.change.gained), None)
        parts = box.xpath('.//span[contains(@class, "lineage-answer-group")]')
        if first:
            assert said.startswith(t(lang, "ability.answer.label").strip() + " " + t(lang, "ability.answer.first").split("{")[0].strip())
            assert _grade_after(marked, first.model.id) == first.change.grade, (a.id, marked)
            # the first sentence: everything before the first part
            opening = marked[:marked.index(_marked(parts[0], url, lang, lineage))] if parts else marked
            for step in first.steps:
                assert f"<x:{step.method}>" in opening, (a.id, step.method)
                after = opening[opening.index(f"<x:{step.method}>"):]
                assert f"<m:{step.parent}>" in opening, (a.id, step.parent, opening)
                assert re.search(r"<g:([a-z-]+)>", after).group(1) == step.grade, (a.id, after)
        # one part per kind of change, gains before losses, strongest first within each
        later = [r for r in records if r.change.gained and r is not first]
        losses = [r for r in records if not r.change.gained]
        kinds = [(rs, k) for rs in (later, losses) for k in changes.CHANGE_ORDER if any(r.change.change == k for r in rs)]
        assert [p.get("data-change") for p in parts] == [changes.KIND[k] for _, k in kinds], a.id
        for part, (rs, kind) in zip(parts, kinds):
            group = [r for r in rs if r.change.change == kind]
            text_ = " ".join(part.text_content().split())
            words = t(lang, f"ability.answer.group.{changes.KIND[kind]}", models="\0", methods="\1")
            before, between = words.split("\0")[0], words.split("\0")[1].split("\1")[0]
            assert text_.startswith(before.strip()) and between.strip() in text_, (a.id, kind, text_)
            inner = _marked(part, url, lang, lineage)
            assert set(re.findall(r"<m:([^>]+)>", inner)) == {r.model.id for r in group}, (a.id, kind, inner)
            for r in group:
                assert _grade_after(inner, r.model.id) == r.change.grade, (a.id, r.model.id, inner)
                for step in r.steps:
                    assert f"<x:{step.method}>" in inner, (a.id, r.model.id, step.method)
                if not r.steps:
                    assert t(lang, "ability.answer.step_root") in text_, (a.id, r.model.id)


def test_the_answer_stays_short_when_many_models_change_an_ability(built_site, lineage):
    """In-context learning is changed by eight models: the answer stays at three sentences, with one
    badge per run of same-grade models of one kind and each method named once per kind, not a
    clause per model."""
    ability = "in-context-learning"
    records = changes.history(lineage, ability)
    assert len(records) >= 8
    for lang in LANGUAGES:
        doc, url = _doc(built_site, links.ability_src(ability, lang))
        box = doc.xpath('//div[contains(@class, "lineage-answer")]')[0]
        said = _answer(doc)
        assert len(re.findall(r"[.。](?:\s|$)", said)) <= 3, said
        assert len(box.xpath('.//span[@data-grade]')) < len(records), said
        for part in box.xpath('.//span[contains(@class, "lineage-answer-group")]'):
            named = re.findall(r"<x:[^>]+>", _marked(part, url, lang, lineage))
            assert len(named) == len(set(named)), named


def test_changing_a_grade_in_the_data_changes_the_sentence(tmp_path, lineage):
    """code-cushman-001 is where complex reasoning first appears (hypothesis); grade it an educated
    guess in a copy of the data and the built sentence says so, in both languages. Flan-T5's later
    gain (hypothesis) graded official joins the other official gains: the badge after it changes."""
    ability = "complex-reasoning"
    records = changes.history(lineage, ability)
    first = next(r for r in records if r.change.gained)
    later = next(r for r in records if r.model.id == "flan-t5")
    assert first.change.grade != "educated-guess" and later.change.grade != "official" and later.change.gained
    project = project_copy(tmp_path / "project")
    for record, grade in ((first, "educated-guess"), (later, "official")):
        yaml_path = project / "data" / "models" / f"{record.model.id}.yaml"
        raw = yaml_path.read_text(encoding="utf-8")
        block = re.search(rf"(  - ability: {ability}\n    change: \"[+-]+\"\n    grade: )([a-z-]+)", raw)
        assert block, "the ability change is written as expected"
        yaml_path.write_text(raw[:block.start(2)] + grade + raw[block.end(2):], encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    for lang in LANGUAGES:
        doc, url = _doc(tmp_path / "site", links.ability_src(ability, lang))
        said = _answer(doc)
        name = first.model.name
        guess = text(lineage.grades["educated-guess"].name, lang)
        before = text(lineage.grades[first.change.grade].name, lang)
        at = said.index(name)
        assert said[at + len(name):].lstrip().startswith(guess), said
        assert not said[at + len(name):].lstrip().startswith(before)
        box = doc.xpath('//div[contains(@class, "lineage-answer")]')[0]
        marked = _marked(box, url, lang, lineage)
        assert _grade_after(marked, first.model.id) == "educated-guess", marked
        assert _grade_after(marked, later.model.id) == "official", marked


# --- model pages: what changed from each parent ------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_model_pages_list_what_changed_from_each_parent(built_site, lineage, lang):
    for m in lineage.models.values():
        doc, url = _doc(built_site, links.model_src(m.id, lang))
        part = _section(doc, t(lang, "changes.title"))
        blocks = [e for e in part if e.tag == "ul"]
        heads = [e for e in part if e.tag == "p" and e.xpath(".//strong")]
        assert len(blocks) == max(1, len(m.parents)), m.id
        for i, ul in enumerate(blocks):
            listed = {}
            for li in ul.xpath("./li"):
                badge = li.xpath('.//span[contains(@class, "lineage-change")]')
                kind = next((c.split("-")[-1] for c in badge[0].get("class").split() if c.startswith("lineage-change-")), None) if badge else None
                for href in li.xpath("./a/@href"):
                    listed[urljoin("/" + url, href).lstrip("/")] = kind
            want = {_url(links.ability_src(a.ability, lang)): {"++": "plus2", "+": "plus", "-": "minus", "--": "minus2"}[a.change]
                    for a in m.abilities}
            assert listed == want, (m.id, lang)
            if m.parents:
                step = m.parents[i]
                head = heads[i]
                head_links = {urljoin("/" + url, h).split("#")[0].lstrip("/") for h in head.xpath(".//a/@href")}
                assert _url(links.model_src(step.parent, lang)) in head_links
                assert _url(links.method_src(step.method, lang)) in head_links
                assert text(lineage.grades[step.grade].name, lang) in head.text_content()


def test_model_page_ability_names_link_to_ability_pages(built_site, lineage):
    doc, url = _doc(built_site, links.model_src("chatgpt", "en"))
    assert not [h for h in doc.xpath("//article//a/@href") if "matrix/#ability-" in h]
    assert _url(links.ability_src("dialogue-history")) in _linked(doc, url)
