"""The lineage to today and the open reproductions, read from the shipped data and the built site:
every model after ChatGPT has sources on every fact and a typed, graded relation to what came
before, or its page says that the sources state none; open models say what they reproduce."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PROJECT
from gpt_lineage import i18n
from gpt_lineage.lineage import load_lineage
from gpt_lineage.model import DISTILLED_FROM, TRAINED_FROM, date_key

CHATGPT_LAUNCH = date_key("2022-11-30")


@pytest.fixture(scope="module")
def lineage():
    return load_lineage(PROJECT / "data")


def _after_chatgpt(lineage):
    return [m for m in lineage.models.values()
            if m.organisation == "OpenAI" and date_key(m.release.date) > CHATGPT_LAUNCH]


def test_the_lineage_reaches_today(lineage):
    newer = {m.id for m in _after_chatgpt(lineage)}
    assert {"gpt-3.5-turbo", "gpt-4", "gpt-4o", "o1", "o3", "gpt-4.1", "gpt-oss-120b", "gpt-5"} <= newer
    assert max(date_key(m.release.date) for m in lineage.models.values()) >= date_key("2025-08")


def test_every_fact_of_every_new_model_names_sources(lineage):
    for m in _after_chatgpt(lineage) + [m for m in lineage.models.values() if m.open_weights]:
        facts = [m.release, m.parameters, m.context_window, m.training_data]
        facts += [m.architecture] if m.architecture else []
        facts += [m.knowledge_cutoff] if m.knowledge_cutoff else []
        facts += list(m.parents) + list(m.succeeds) + list(m.reproduces) + list(m.abilities)
        for fact in facts:
            assert fact.sources and all(s in lineage.sources for s in fact.sources), (m.id, fact)
        assert m.sources, m.id


def test_each_new_model_relates_to_its_predecessor_or_says_the_sources_state_none(lineage, built_site):
    for m in _after_chatgpt(lineage):
        relations = list(m.parents) + list(m.succeeds)
        for r in relations:
            assert r.grade in lineage.grades, (m.id, r)
        for p in m.parents:
            assert p.relation in (TRAINED_FROM, DISTILLED_FROM) and p.method in lineage.methods, (m.id, p)
        if not m.parents:  # no training relation: the page says the sources state none, in both languages
            for lang in i18n.LANGUAGES:
                page = built_site / i18n.prefix(lang) / "models" / m.id / "index.html"
                assert i18n.t(lang, "model.no_relation") in page.read_text(encoding="utf-8"), (m.id, lang)


def test_open_models_say_what_they_reproduce_and_on_what_terms(lineage):
    open_models = [m for m in lineage.models.values() if m.open_weights and m.organisation != "OpenAI"]
    assert len(open_models) >= 10
    for m in open_models:
        assert m.licence, m.id
        assert m.reproduces, f"{m.id}: an open model here reproduces an OpenAI step"
        for r in m.reproduces:
            assert lineage.models[r.target].organisation == "OpenAI", (m.id, r.target)
            assert r.grade in lineage.grades and r.note, (m.id, r.target)
    alpaca = {(p.parent, p.relation) for p in lineage.models["alpaca"].parents}
    assert {("llama", TRAINED_FROM), ("text-davinci-003", DISTILLED_FROM)} <= alpaca
