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


@pytest.mark.parametrize("lang", LANGUAGES)
def test_answer_sentence_matches_the_data(built_site, lineage, lang):
    for a in lineage.abilities.values():
        doc, _ = _doc(built_site, links.ability_src(a.id, lang))
        said = _answer(doc)
        records = changes.history(lineage, a.id)
        if not records:
            assert t(lang, "ability.answer.none") in said
            continue
        first = next((r for r in records if r.change.gained), None)
        # models in the order the data gives: first gain, later gains, then losses
        order = ([first] if first else []) + [r for r in records if r.change.gained and r is not first] \
            + [r for r in records if not r.change.gained]
        at = 0
        for r in order:
            # the change's grade follows the model ("in X Hypothesis" / "X假设中"); the step's grade its method
            grade = text(lineage.grades[r.change.grade].name, lang)
            needle = f"in {r.model.name} {grade}" if lang == "en" else f"{r.model.name}{grade}中"
            assert needle in said[at:], (a.id, needle, said)
            at = said.index(needle, at)
            for step in r.steps:
                method = text(lineage.methods[step.method].name, lang)
                assert method in said[at:], (a.id, method)
                assert text(lineage.grades[step.grade].name, lang) in said[said.index(method, at):], (a.id, method)
        if first:
            assert said.startswith(t(lang, "ability.answer.label").strip() + " " + t(lang, "ability.answer.first").split("{")[0].strip())


def test_changing_a_grade_in_the_data_changes_the_sentence(tmp_path, lineage):
    """code-cushman-001 is where complex reasoning first appears (hypothesis); grade it an educated
    guess in a copy of the data and the built sentence says so, in both languages."""
    ability = "complex-reasoning"
    first = next(r for r in changes.history(lineage, ability) if r.change.gained)
    assert first.change.grade != "educated-guess"
    project = project_copy(tmp_path / "project")
    yaml_path = project / "data" / "models" / f"{first.model.id}.yaml"
    raw = yaml_path.read_text(encoding="utf-8")
    block = re.search(rf"(  - ability: {ability}\n    change: \"[+-]+\"\n    grade: )([a-z-]+)", raw)
    assert block, "the ability change is written as expected"
    yaml_path.write_text(raw[:block.start(2)] + "educated-guess" + raw[block.end(2):], encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    for lang in LANGUAGES:
        doc, _ = _doc(tmp_path / "site", links.ability_src(ability, lang))
        said = _answer(doc)
        name = first.model.name
        guess = text(lineage.grades["educated-guess"].name, lang)
        before = text(lineage.grades[first.change.grade].name, lang)
        at = said.index(name)
        assert said[at + len(name):].lstrip().startswith(guess), said
        assert not said[at + len(name):].lstrip().startswith(before)


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
