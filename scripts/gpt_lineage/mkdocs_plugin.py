"""MkDocs adapter: hands the lineage's generated pages to MkDocs. Only wiring lives here.

Events, in build order:
  on_startup        remember whether this is `mkdocs serve` (keeps the server alive on bad data)
  on_config         load + validate data/ once per build; `build` aborts on problems before writing
  on_files          add every page of `render.pages.generated_pages` as a virtual file
                    (`File.generated`, nothing is written to docs/) and lay out the navigation
  on_page_markdown  expand shortcodes; glossary abbreviations on hand-written pages
  on_page_context   the edit button of a generated page opens the data file behind it
  on_serve          watch data/ so editing YAML rebuilds and reloads the browser
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from jinja2 import BytecodeCache
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files

from .lineage import Lineage, load_lineage
from .problems import DataError, Problem
from .render import glossary, search, shortcodes
from .render.escape import html_text
from .render.pages import SECTIONS, GeneratedPage, generated_pages

log = get_plugin_logger(__name__)


class _MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory for the life of the process (Jinja checks the source's checksum)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_TEMPLATE_CACHE = _MemoryBytecodeCache()


class LineageConfig(base.Config):
    data_dir = c.Type(str, default="data")
    """Directory of the YAML data (models/ and the registries), relative to mkdocs.yml — not to the
    working directory, so `mkdocs serve -f path/to/mkdocs.yml` works from anywhere. Watched by
    `mkdocs serve --livereload`."""


class LineagePlugin(BasePlugin[LineageConfig]):
    def __init__(self) -> None:
        self.serving = False
        self.lineage: Lineage | None = None
        self.problems: list[Problem] = []
        self.pages: dict[str, GeneratedPage] = {}
        # Serve only: the last build whose data was valid, so a broken file shows its problems in
        # place of the pages the reader is looking at, and shortcodes still expand.
        self._last_good_pages: list[GeneratedPage] = []
        self._last_good_lineage: Lineage | None = None
        # Tree figures set aside per page by shortcodes.expand(figures=), put back in on_post_page.
        self._figures: dict[str, list[str]] = {}

    # --- lifecycle --------------------------------------------------------------------------------

    def on_startup(self, *, command, dirty) -> None:
        self.serving = command == "serve"

    def on_config(self, config):
        _use_theme_overrides(config.theme)
        self.data_dir = (Path(config.config_file_path).parent / self.config.data_dir).resolve()
        try:
            self.lineage = load_lineage(self.data_dir)
            self.problems = []
        except DataError as error:
            if not self.serving:
                lines = "\n".join(str(p) for p in error.problems)
                raise PluginError(f"{len(error.problems)} data problem(s) in {self.config.data_dir}/:\n{lines}")
            self.lineage, self.problems = None, error.problems
            for p in error.problems:
                log.error(str(p))
        if self.lineage is not None:
            search.teach_segmenter(self.lineage)  # Chinese terms stay whole words in the search index
            produced = generated_pages(self.lineage)
            self._last_good_pages, self._last_good_lineage = produced, self.lineage
        else:
            produced = [_error_page(p, self.problems) for p in self._last_good_pages] or \
                _first_error_pages(self.data_dir, self.problems)
        self.pages = {p.src_uri: p for p in produced}
        self._edit_base = _edit_base(config, self.config.data_dir)
        return config

    def on_env(self, env, *, config, files):
        # `mkdocs serve` makes a new Jinja environment on every rebuild and compiles Material's
        # templates again; keep the compiled code across rebuilds (edit-to-reload time).
        env.bytecode_cache = _TEMPLATE_CACHE
        return env

    def on_serve(self, server, *, config, builder):
        server.watch(str(self.data_dir))
        return server

    # --- files and navigation -----------------------------------------------------------------

    def on_files(self, files: Files, *, config) -> Files:
        for page in self.pages.values():
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                log.warning(f"docs/{page.src_uri} is also a generated page; the generated one is used. "
                            "Move the hand-written page elsewhere.")
                files.remove(existing)
            files.append(File.generated(config, page.src_uri, content=page.content))
        config.nav = self._navigation(files, config.nav)
        return files

    def _navigation(self, files: Files, declared: list | None) -> list:
        """Home, then the generated Models and Explore sections, the hand-written pages, then
        Reference and Data. Hand-written pages follow `nav:` in mkdocs.yml when it is declared
        (to give concept pages a reading order), else their folders; generated pages never need
        an edit to mkdocs.yml, and a section the declared nav already names is left where it is."""
        hand = declared if declared is not None else self._hand_written_nav(files)
        named = {next(iter(item)) for item in hand if isinstance(item, dict)}
        by_section: dict[str, list] = {s: [] for s in SECTIONS}
        for page in self.pages.values():
            if page.is_markdown and page.section:
                by_section[page.section].append({html_text(page.title): page.src_uri})  # the theme prints nav titles as HTML
        sections = [{s: by_section[s]} for s in SECTIONS if by_section[s] and s not in named]
        front = [item for item in sections if next(iter(item)) in SECTIONS[:2]]  # what readers come for
        back = [item for item in sections if next(iter(item)) not in SECTIONS[:2]]
        return hand[:1] + front + hand[1:] + back

    def _hand_written_nav(self, files: Files) -> list:
        """Home, then hand-written pages nested by folder, as MkDocs would lay them out."""
        hand = sorted(
            (f.src_uri for f in files.documentation_pages() if f.src_uri not in self.pages),
            key=lambda uri: (uri.count("/"), not uri.endswith("index.md"), uri),
        )
        folders: dict[str, list] = {}
        for uri in hand:
            if "/" in uri:
                folders.setdefault(uri.split("/", 1)[0], []).append(uri)
        return (
            [{"Home": uri} for uri in hand if uri == "index.md"]
            + [{name.replace("-", " ").replace("_", " ").capitalize(): uris} for name, uris in folders.items()]
            + [uri for uri in hand if "/" not in uri and uri not in ("index.md", "404.md")]
        )

    # --- pages ----------------------------------------------------------------------------------

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        src_uri = page.file.src_uri
        generated = src_uri in self.pages
        lineage = self.lineage or self._last_good_lineage
        banner = _error_banner(self.problems) if self.problems and not generated else ""
        if lineage is None:
            return banner + markdown
        self._figures[src_uri] = figures = []
        try:
            markdown = shortcodes.expand(markdown, lineage, src_uri, config.use_directory_urls, figures=figures)
        except shortcodes.ShortcodeError as error:
            for line in str(error).splitlines():
                log.warning(line)  # a warning: `mkdocs build --strict` fails on it
            if self.serving:
                banner += _shortcode_banner(str(error))
        if not generated:
            markdown += "\n\n" + glossary.abbreviations(lineage) + "\n"
        return banner + markdown

    def on_post_page(self, output: str, *, page, config) -> str:
        return shortcodes.restore_figures(output, self._figures.pop(page.file.src_uri, []))

    def on_page_context(self, context, *, page, config, nav):
        generated = self.pages.get(page.file.src_uri)
        if generated is not None:
            page.edit_url = self._edit_base + generated.edit_path if generated.edit_path and self._edit_base else None
        return context


# --- helpers: plain functions, no MkDocs state ------------------------------------------------------

THEME_DIR = Path(__file__).parent / "theme"


def _use_theme_overrides(theme) -> None:
    """Put the plugin's template overrides (escaped <title>, repository link without the
    api.github.com call, named search dialog) just above Material's own templates — below a
    project's `custom_dir`, so a site can still override them — without any mkdocs.yml entry."""
    if str(THEME_DIR) not in theme.dirs:
        theme.dirs.insert(1 if theme.custom_dir else 0, str(THEME_DIR))

def _edit_base(config, data_dir: str) -> str | None:
    """`{repo_url}/edit/<branch>/<data_dir>/`: the branch is read from `edit_uri` (default main)."""
    if not config.repo_url:
        return None
    match = re.match(r"(edit|blob)/([^/]+)/", (config.edit_uri or "").lstrip("/"))
    branch = match.group(2) if match else "main"
    return f"{config.repo_url.rstrip('/')}/edit/{branch}/{posixpath.normpath(data_dir).strip('/')}/"


def _problem_list(problems: list[Problem]) -> str:
    items = "\n".join(f"<li><code>{html_text(str(p))}</code></li>" for p in problems)
    return f'<ul class="lineage-problems">\n{items}\n</ul>'


def _error_markdown(problems: list[Problem], title: str = "Data problems") -> str:
    return (
        f"# {html_text(title)}\n\n"
        '<div class="admonition failure lineage-data-error" role="alert">\n'
        f'<p class="admonition-title">The data has {len(problems)} problem(s); fix the file(s) and '
        "this page comes back by itself</p>\n"
        f"{_problem_list(problems)}\n</div>\n"
    )


def _error_page(page: GeneratedPage, problems: list[Problem]) -> GeneratedPage:
    """The same path as a last good page, now showing the problems (serve mode only)."""
    if not page.is_markdown:
        return page  # keep the last good export files; the pages say the data is broken
    return GeneratedPage(page.src_uri, page.title, page.section, _error_markdown(problems, page.title),
                         page.edit_path)


def _first_error_pages(data_dir: Path, problems: list[Problem]) -> list[GeneratedPage]:
    """`mkdocs serve` started on broken data, so there is no last good build: the model pages
    (named after the files) and the models index show the problems instead of a 404."""
    stems = sorted(p.stem for p in (data_dir / "models").glob("*.yaml"))
    pages = [GeneratedPage("models/index.md", "All models", "Models", _error_markdown(problems, "Models"))]
    pages += [GeneratedPage(f"models/{stem}.md", stem, "Models", _error_markdown(problems, stem),
                            f"models/{stem}.yaml") for stem in stems]
    return pages


def _error_banner(problems: list[Problem]) -> str:
    return (
        '<div class="admonition failure lineage-data-error" role="alert">\n'
        f'<p class="admonition-title">The data has {len(problems)} problem(s); generated pages show '
        "them until the file(s) are fixed</p>\n"
        f"{_problem_list(problems)}\n</div>\n\n"
    )


def _shortcode_banner(message: str) -> str:
    items = "\n".join(f"<li><code>{html_text(line)}</code></li>" for line in message.splitlines())
    return (
        '<div class="admonition failure lineage-data-error" role="alert">\n'
        '<p class="admonition-title">Shortcode problems on this page</p>\n'
        f'<ul class="lineage-problems">\n{items}\n</ul>\n</div>\n\n'
    )
