"""The MkDocs plugin, driven in-process through MkDocs' own config loading on a small fixture
project (tests/bad_inputs/base as data/): serve vs build behaviour on bad data, virtual files,
navigation, edit links, shortcodes and abbreviations."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from conftest import FIXTURE_DATA, PROJECT, html_link
from gpt_lineage.mkdocs_plugin import _edit_base


@pytest.fixture
def project(tmp_path) -> Path:
    shutil.copy(PROJECT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    (tmp_path / "docs" / "concepts").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nWe use RLHF here. [[model:gpt-b]]\n")
    (tmp_path / "docs" / "concepts" / "scale.md").write_text("# Scale\n\nSee [[model:nope]].\n")
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    return tmp_path


def configured(project: Path, command: str):
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    plugin = config.plugins["gpt-lineage"]
    plugin.__init__()  # MkDocs keeps plugin instances process-wide (as serve needs); start each test fresh
    plugin.on_startup(command=command, dirty=False)
    return config, plugin


def hand_written_files(config) -> Files:
    docs = Path(config.docs_dir)
    return Files([File(p.relative_to(docs).as_posix(), str(docs), config.site_dir, config.use_directory_urls)
                  for p in docs.rglob("*.md")])


def test_data_dir_is_relative_to_mkdocs_yml_not_the_working_directory(project, monkeypatch, tmp_path_factory):
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    config, plugin = configured(project, "build")
    plugin.on_config(config)
    assert plugin.data_dir == (project / "data").resolve()
    assert list(plugin.lineage.models) == ["gpt-a", "gpt-b", "gpt-c"]


def test_build_aborts_on_bad_data_with_one_line_per_problem(project, monkeypatch):
    monkeypatch.chdir(project)  # problem paths are shown relative to the working directory
    model = project / "data" / "models" / "gpt-b.yaml"
    model.write_text(model.read_text().replace("series:", "series: 7\nxseries:", 1))
    config, plugin = configured(project, "build")
    with pytest.raises(PluginError) as error:
        plugin.on_config(config)
    lines = str(error.value).splitlines()
    assert lines[0] == f"{len(lines) - 1} data problem(s) in data/:"
    assert len(lines) >= 3  # the wrong type and the unknown key, each on its own line
    assert all(line.startswith("data/models/gpt-b.yaml:") for line in lines[1:]), lines


def test_serve_shows_problems_in_place_of_the_pages_and_recovers(project):
    config, plugin = configured(project, "serve")
    plugin.on_config(config)
    good = dict(plugin.pages)
    model = project / "data" / "models" / "gpt-b.yaml"
    original = model.read_text()
    model.write_text(original + "\nbroken: [unclosed\n")
    plugin.on_config(config)  # must not raise: the server keeps running
    assert set(plugin.pages) == set(good)  # same URLs, so the reader's page reloads in place
    page = plugin.pages["models/gpt-b.md"]
    assert "lineage-data-error" in page.content and "gpt-b.yaml:" in page.content
    assert page.content.startswith("# GPT-B")
    hand = plugin.on_page_markdown("# Home\n", page=_page("index.md"), config=config, files=None)
    assert "lineage-data-error" in hand  # hand-written pages carry a banner
    model.write_text(original)
    plugin.on_config(config)
    assert plugin.pages["models/gpt-b.md"].content == good["models/gpt-b.md"].content
    assert not plugin.problems


def test_serve_started_on_broken_data_shows_problems_on_the_model_pages(project):
    model = project / "data" / "models" / "gpt-b.yaml"
    model.write_text(model.read_text() + "\nbroken: [unclosed\n")
    config, plugin = configured(project, "serve")
    plugin.on_config(config)
    english = {"models/index.md", "models/gpt-a.md", "models/gpt-b.md", "models/gpt-c.md"}
    assert set(plugin.pages) == english | {"zh/" + p for p in english}  # both editions show them
    assert all("lineage-data-error" in p.content for p in plugin.pages.values())


def _page(src_uri: str):
    return SimpleNamespace(file=SimpleNamespace(src_uri=src_uri), edit_url="original")


def _nav(config, lang: str = "en") -> list:
    """One language's navigation: MkDocs gets the languages one after another, one section each."""
    (key, items), = config.nav[["en", "zh"].index(lang)].items()
    assert key == f"lineage-language-{lang}"
    return items


def test_files_are_virtual_and_navigation_lists_models_in_release_order(project):
    config, plugin = configured(project, "build")
    config.nav = None  # no declared nav: hand-written pages are laid out by folder
    plugin.on_config(config)
    files = config.plugins.on_files(hand_written_files(config), config=config)  # as MkDocs runs it
    generated = files.get_file_from_path("models/gpt-b.md")
    assert generated.generated_by is not None and "GPT-B" in generated.content_string
    assert not (project / "docs" / "models").exists()
    nav = _nav(config)
    assert nav[0] == {"Home": "index.md"}
    models = next(item["Models"] for item in nav if "Models" in item)
    assert models == [{"All models": "models/index.md"},
                      {"GPT-A": "models/gpt-a.md"}, {"GPT-B": "models/gpt-b.md"}, {"GPT-C": "models/gpt-c.md"}]
    assert {"Concepts": ["concepts/scale.md"]} in nav
    titles = [next(iter(item)) for item in nav]
    assert titles.index("Models") < titles.index("Explore") < titles.index("Concepts") < titles.index("Reference")
    chinese = _nav(config, "zh")  # the same generated sections, Chinese titles and zh/ paths
    models_zh = next(item["模型"] for item in chinese if "模型" in item)
    assert [next(iter(m.values())) for m in models_zh] == ["zh/" + next(iter(m.values())) for m in models]


def test_declared_nav_orders_hand_written_pages_and_generated_sections_are_spliced_in(project):
    config, plugin = configured(project, "build")
    config.nav = [{"Home": "index.md"}, {"Concepts": ["concepts/scale.md"]}, {"Explore": ["tree.md"]}]
    plugin.on_config(config)
    config.plugins.on_files(hand_written_files(config), config=config)
    titles = [next(iter(item)) for item in _nav(config)]
    # Models after Home; the author placed Explore, so it is not added twice; Reference at the end.
    assert titles[:3] == ["Home", "Models", "Concepts"]
    assert titles.count("Explore") == 1 and titles.index("Explore") == 3
    assert titles[-1] in ("Reference", "Data") and "Reference" in titles
    models = next(item["Models"] for item in _nav(config) if "Models" in item)
    assert [next(iter(m.values())) for m in models][1:] == ["models/gpt-a.md", "models/gpt-b.md", "models/gpt-c.md"]


def test_edit_button_of_a_model_page_opens_its_yaml(project):
    config, plugin = configured(project, "build")
    plugin.on_config(config)
    page = _page("models/gpt-b.md")
    plugin.on_page_context({}, page=page, config=config, nav=None)
    assert page.edit_url == "https://github.com/gpt-lineage/gpt-lineage/edit/main/data/models/gpt-b.yaml"
    matrix = _page("matrix.md")
    plugin.on_page_context({}, page=matrix, config=config, nav=None)
    assert matrix.edit_url is None  # a generated view has no single file to edit
    hand = _page("index.md")
    plugin.on_page_context({}, page=hand, config=config, nav=None)
    assert hand.edit_url == "original"  # hand-written pages keep MkDocs' docs/ edit link


def test_edit_base_reads_the_branch_from_edit_uri():
    cfg = SimpleNamespace(repo_url="https://example.org/r/", edit_uri="edit/dev/docs/")
    assert _edit_base(cfg, "./data") == "https://example.org/r/edit/dev/data/"
    assert _edit_base(SimpleNamespace(repo_url=None, edit_uri=None), "data") is None


def test_shortcodes_and_abbreviations_on_hand_written_pages(project, caplog):
    config, plugin = configured(project, "build")
    plugin.on_config(config)
    out = plugin.on_page_markdown("We use RLHF here. [[model:gpt-b]]\n", page=_page("index.md"), config=config, files=None)
    assert html_link("GPT-B", "models/gpt-b/") in out  # index.md -> models/gpt-b/ (directory URLs)
    assert "\n*[RLHF]: " in out
    generated = plugin.on_page_markdown(plugin.pages["matrix.md"].content, page=_page("matrix.md"), config=config, files=None)
    assert "*[RLHF]" not in generated  # abbreviations only on hand-written pages
    with caplog.at_level(logging.WARNING):
        plugin.on_page_markdown("See [[model:nope]].\n", page=_page("concepts/scale.md"), config=config, files=None)
    assert "concepts/scale.md:1: unknown model id 'nope'" in caplog.text  # a warning: --strict fails
