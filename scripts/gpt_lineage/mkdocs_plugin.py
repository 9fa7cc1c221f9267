"""MkDocs adapter: hands the lineage's generated pages to MkDocs. Only wiring lives here.

Events, in build order:
  on_startup        remember whether this is `mkdocs serve` (keeps the server alive on bad data)
  on_config         load + validate data/ once per build; `build` aborts on problems before writing
  on_files          add every page of `render.pages.generated_pages` (both languages) as a virtual
                    file (`File.generated`, nothing is written to docs/) and lay out the navigation
  on_nav            one navigation per language (English at the top, Chinese under zh/)
  on_page_markdown  expand shortcodes; glossary abbreviations on hand-written pages; generated pages
                    are converted with only the Markdown extensions they use (`MARKDOWN_EXTENSIONS`)
  on_page_content   footnote back-link titles in the page's language
  on_page_context   the page's language, its navigation and its counterpart in the other language;
                    the edit button of a generated page opens the data file behind it
  on_post_build     one search index and sitemap per language
  on_serve          watch data/ so editing YAML rebuilds and reloads the browser
"""

from __future__ import annotations

import copy
import json
import logging
import posixpath
import re
from pathlib import Path

from jinja2 import BytecodeCache
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation

from . import i18n, portable, serve_cache
from .lineage import Lineage, load_lineage
from .problems import DataError, Problem
from .render import references, search, shortcodes
from .render.escape import html_text
from .render.pages import MARKDOWN_EXTENSIONS, GeneratedPage, generated_pages

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
        self.navigations: dict[str, Navigation] = {}
        self._files: Files | None = None  # the build's files, to find each page's counterpart
        self.problems: list[Problem] = []
        self.pages: dict[str, GeneratedPage] = {}
        # Serve only: the last build whose data was valid, so a broken file shows its problems in
        # place of the pages the reader is looking at, and shortcodes still expand.
        self._last_good_pages: list[GeneratedPage] = []
        self._last_good_lineage: Lineage | None = None
        # Tree figures set aside per page by shortcodes.expand(figures=), put back in on_post_page.
        self._figures: dict[str, list[str]] = {}
        # Serve only (serve_cache): per page, its Markdown key and cached HTML, its real template and
        # its finished output; the site's and each language's navigation keys.
        self._cache: dict[str, dict] = {}
        self._site_key: str | None = None
        self._nav_keys: dict[str, str] = {}
        self._env = None
        self._generated_config = None  # the configuration generated pages are converted with

    # --- lifecycle --------------------------------------------------------------------------------

    def on_startup(self, *, command, dirty) -> None:
        self.serving = command == "serve"
        if self.serving:  # while the data is broken, MkDocs' anchor notes would bury its problems
            _anchor_notes.addFilter(_QuietWhileBroken(self))

    def on_config(self, config):
        # `mkdocs serve` keeps this plugin object from one rebuild to the next (it has on_startup):
        # the keys of the last build's site and navigations must not describe this one.
        self._site_key, self._nav_keys = None, {}
        _use_theme_overrides(config.theme)
        # Material shows its language switch when `extra.alternate` is set; the plugin's
        # partials/alternate.html links each page to its own counterpart, not to a home page.
        config.extra["alternate"] = True
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
            try:
                produced = generated_pages(self.lineage)
            except ValueError as error:  # two pages claim one path: one line, never a traceback
                if not self.serving:
                    raise PluginError(str(error)) from None
                log.error(str(error))
                produced = self._last_good_pages
            else:
                self._last_good_pages, self._last_good_lineage = produced, self.lineage
        else:
            produced = [_error_page(p, self.problems) for p in self._last_good_pages] or \
                _first_error_pages(self.data_dir, self.problems)
        self.pages = {p.src_uri: p for p in produced}
        self._edit_base = _edit_base(config, self.config.data_dir)
        return config

    def on_serve(self, server, *, config, builder):
        server.watch(str(self.data_dir))
        _poll_often(server)
        return server

    # --- files and navigation -----------------------------------------------------------------

    def on_files(self, files: Files, *, config) -> Files:
        if self.serving:  # serve_cache: an unchanged page's search entries are not made again
            lineage = self.lineage or self._last_good_lineage
            terms = tuple(search.zh_terms(lineage)) if lineage is not None else ()
            for plugin in config.plugins.values():
                if hasattr(getattr(plugin, "search_index", None), "add_entry_from_context"):
                    serve_cache.cache_search_entries(plugin.search_index, terms)
        for page in self.pages.values():
            existing = files.get_file_from_path(page.src_uri)
            if existing is not None:
                log.warning(f"docs/{page.src_uri} is also a generated page; the generated one is used. "
                            "Move the hand-written page elsewhere.")
                files.remove(existing)
            files.append(File.generated(config, page.src_uri, content=page.content))
        self._files = files
        self._generated_config = _generated_config(config)
        # MkDocs knows one navigation: the languages' navigations follow each other, each under a
        # section named after its language; on_nav takes them apart again.
        declared = config.nav
        config.nav = [{_nav_key(lang): self._navigation(files, declared, lang)} for lang in i18n.LANGUAGES]
        return files

    def _navigation(self, files: Files, declared: list | None, lang: str) -> list:
        """One language's navigation, laid out by the core (`portable.navigation`, shared with
        `gpt-lineage generate`): Home, Models and Explore, the hand-written pages, Reference, Data."""
        src_uris = [f.src_uri for f in files.documentation_pages()] + \
            [f.src_uri for f in files if not f.is_documentation_page()]
        return portable.navigation(self.pages.values(), src_uris, declared, lang)

    def on_nav(self, nav: Navigation, *, config, files) -> Navigation:
        """Split the one navigation into one per language: a page sees only its language's."""
        self.navigations = {}
        for lang, section in zip(i18n.LANGUAGES, nav.items):
            items = section.children
            for item in items:
                item.parent = None
            pages = [p for p in nav.pages if i18n.language_of(p.file.src_uri) == lang]
            view = Navigation(items, pages)
            view.homepage = next((p for p in pages if p.file.src_uri == i18n.page_src("index.md", lang)), None)
            if pages:  # previous/next links stay within a language
                pages[0].previous_page = None
                pages[-1].next_page = None
            self.navigations[lang] = view
        return self.navigations[i18n.DEFAULT]

    # --- pages ----------------------------------------------------------------------------------

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        src_uri = page.file.src_uri
        generated = src_uri in self.pages
        lineage = self.lineage or self._last_good_lineage
        banner = _error_banner(self.problems) if self.problems and not generated else ""
        if lineage is None:
            return banner + markdown
        self._figures[src_uri] = figures = []
        # The page's final Markdown by the core (`portable.page_markdown`, shared with `generate`):
        # shortcodes expanded, glossary abbreviations on hand-written pages.
        markdown, error = portable.page_markdown(markdown, lineage, src_uri, config.use_directory_urls,
                                                 generated=generated, figures=figures)
        if error:
            for line in error.splitlines():
                log.warning(line)  # a warning: `mkdocs build --strict` fails on it
            if self.serving:
                banner += _shortcode_banner(error)
        if self.serving:  # serve_cache: an unchanged page is not converted again
            if self._site_key is None:
                self._site_key = serve_cache.site_key(config, files)
            meta = getattr(page, "meta", None) or {}
            key = serve_cache.markdown_key(self._site_key, src_uri, banner + markdown, meta)
            entry = serve_cache.cached_html(key)
            self._cache[src_uri] = {"key": key, "entry": entry, "markdown": banner + markdown,
                                    "template": meta.get("template", "main.html")}
            if entry is not None:
                _skip_render(page)  # the HTML comes from the cache in on_page_content
                return ""
        if generated and self._generated_config is not None:
            _render_with(page, self._generated_config)
        return banner + markdown

    def on_page_content(self, html: str, *, page, config, files) -> str:
        cached = self._cache.get(page.file.src_uri)
        if cached is not None:
            page.meta["template"] = serve_cache.PLACEHOLDER_TEMPLATE  # the real one is rendered in on_page_context
            if cached["entry"] is not None:
                page.markdown = cached["markdown"]
                return serve_cache.restore_html(page, cached["entry"])
        # The footnotes extension's back-link titles are one setting per build: say them in the page's language.
        html = references.localize_footnotes(html, i18n.language_of(page.file.src_uri))
        if cached is not None:
            serve_cache.store_html(cached["key"], page, html)
        return html

    def on_post_page(self, output: str, *, page, config) -> str:
        cached = self._cache.pop(page.file.src_uri, None)
        if cached is not None and "output" in cached:  # serve_cache: the finished page
            self._figures.pop(page.file.src_uri, None)
            if cached["output"] is not None:
                return cached["output"]
            output = cached["rendered"]
        output = shortcodes.restore_figures(output, self._figures.pop(page.file.src_uri, []))
        if cached is not None and "page_key" in cached:
            serve_cache.store_page(cached["page_key"], output)
        return output

    def on_page_context(self, context, *, page, config, nav):
        src_uri = page.file.src_uri
        lang = i18n.language_of(src_uri)
        context["nav"] = self.navigations.get(lang, nav)
        # Read by the plugin's theme overrides: Material's interface language, the switch, hreflang.
        context["lineage_lang"] = lang
        context["lineage_alternates"] = _alternates(src_uri, self._files) if self._files else []
        generated = self.pages.get(src_uri)
        if generated is not None:
            page.edit_url = self._edit_base + generated.edit_path if generated.edit_path and self._edit_base else None
        cached = self._cache.get(src_uri)
        if cached is not None and self._env is not None:  # serve_cache: reuse or render the page here
            if lang not in self._nav_keys:
                self._nav_keys[lang] = serve_cache.navigation_key(context["nav"])
            # The finished page also holds the figures set aside from its Markdown: they are inputs
            # of it like the Markdown (the slots in the Markdown say nothing of what fills them).
            key = serve_cache.page_key(cached["key"], self._nav_keys[lang], page, context,
                                       self._figures.get(src_uri, ()))
            cached["page_key"], cached["output"] = key, serve_cache.cached_page(key)
            if cached["output"] is None:
                page.meta["template"] = cached["template"]
                cached["rendered"] = self._env.get_template(cached["template"]).render(context)
        return context

    def on_env(self, env, *, config, files):
        # `mkdocs serve` makes a new Jinja environment on every rebuild and compiles Material's
        # templates again; keep the compiled code across rebuilds (edit-to-reload time).
        env.bytecode_cache = _TEMPLATE_CACHE
        self._env = env
        return env

    @event_priority(-50)  # after the search plugin has written its index
    def on_post_build(self, *, config) -> None:
        _split_by_language(Path(config.site_dir))
        if self.serving:
            log.info(serve_cache.summary())
        if self.serving and self.problems:  # again at the end of the build, so they stay in view
            log.error(f"{len(self.problems)} data problem(s) in {self.config.data_dir}/; the pages show them "
                      "until the file(s) are fixed:")
            for p in self.problems:
                log.error(str(p))


# --- helpers: plain functions, no MkDocs state ------------------------------------------------------

_anchor_notes = logging.getLogger("mkdocs.structure.pages")


def _generated_config(config):
    """The configuration with only the Markdown extensions that generated pages use (each with the
    site's own settings). Every extension adds patterns that run on every text node of a page; the
    others change nothing on generated pages and cost a fifth of their Markdown time (issue 13)."""
    lean = copy.copy(config)  # a shallow copy: the settings are shared, the key set is this copy's
    lean["markdown_extensions"] = [e for e in config.markdown_extensions
                                   if isinstance(e, str) and e in MARKDOWN_EXTENSIONS]
    return lean


def _render_with(page, config) -> None:
    """MkDocs converts this page's Markdown (`Page.render`, with its link, anchor and title
    extensions) under `config` instead of the build's configuration."""
    render = type(page).render
    page.render = lambda _build_config, files: render(page, config, files)


def _skip_render(page) -> None:
    """`mkdocs serve`, serve_cache hit: no Markdown instance is made for the page (0.3 s a rebuild);
    MkDocs wants some content before on_page_content, which puts the cached HTML in."""
    page.render = lambda _config, _files: setattr(page, "content", "")


class _QuietWhileBroken(logging.Filter):
    """Drops MkDocs' "does not contain an anchor" notes while the data has problems (the pages that
    hold those anchors are error pages then), so the data problems stay the last lines shown."""

    def __init__(self, plugin: "LineagePlugin") -> None:
        super().__init__()
        self.plugin = plugin

    def filter(self, record: logging.LogRecord) -> bool:
        return not (self.plugin.problems and "anchor" in record.getMessage())


# How often `mkdocs serve` looks for changed files. MkDocs polls every 0.5 s, so a save waited
# 0.25 s on average before the rebuild began; a scan of docs/ and data/ takes about a millisecond.
SERVE_POLL_SECONDS = 0.1


def _poll_often(server) -> None:
    """Shorten the polling interval of the watches MkDocs has set up (watchdog's polling emitters
    read their interval from `_timeout` on every scan); left as it is if watchdog changes."""
    for emitter in getattr(getattr(server, "observer", None), "emitters", ()):
        if isinstance(getattr(emitter, "_timeout", None), (int, float)):
            emitter._timeout = min(emitter._timeout, SERVE_POLL_SECONDS)


THEME_DIR = Path(__file__).parent / "theme"


def _use_theme_overrides(theme) -> None:
    """Put the plugin's template overrides (escaped <title>, repository link without the
    api.github.com call, named search dialog) just above Material's own templates — below a
    project's `custom_dir`, so a site can still override them — without any mkdocs.yml entry."""
    if str(THEME_DIR) not in theme.dirs:
        theme.dirs.insert(1 if theme.custom_dir else 0, str(THEME_DIR))


def _nav_key(lang: str) -> str:
    return f"lineage-language-{lang}"


_section_title = portable.section_title  # a section's title in a language (the core's)


def _alternates(src_uri: str, files: Files) -> list[dict]:
    """This page in every language: its counterpart where it exists, else that language's home."""
    out = []
    for lang in i18n.LANGUAGES:
        target = files.get_file_from_path(i18n.counterpart(src_uri, lang)) or \
            files.get_file_from_path(i18n.page_src("index.md", lang))
        if target is None:
            continue
        out.append({"lang": lang, "hreflang": i18n.HTML_LANG[lang], "name": i18n.NATIVE_NAME[lang],
                    "url": target.url, "current": i18n.language_of(src_uri) == lang})
    return out


def _split_by_language(site_dir: Path) -> None:
    """One search index and one sitemap per language. Material resolves the index and the sitemap
    (for instant navigation) against its `base`, which the theme override sets to `zh/` on Chinese
    pages: so Chinese search finds Chinese pages and instant navigation stays within a language."""
    index_file = site_dir / "search" / "search_index.json"
    for lang in i18n.LANGUAGES:
        if lang == i18n.DEFAULT:
            continue
        root = i18n.prefix(lang)
        if index_file.exists():
            index = json.loads(index_file.read_text(encoding="utf-8"))
            docs = index["docs"]
            index["docs"] = [dict(d, location=d["location"][len(root):]) for d in docs if d["location"].startswith(root)]
            target = site_dir / root / "search" / "search_index.json"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            index["docs"] = [d for d in docs if not d["location"].startswith(root)]
            index_file.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
        sitemap = site_dir / "sitemap.xml"
        if sitemap.exists():
            entries = re.findall(r"<url>.*?</url>", sitemap.read_text(encoding="utf-8"), re.DOTALL)
            mine = [e for e in entries if re.search(rf"<loc>[^<]*/{re.escape(root)}", e)]
            (site_dir / root / "sitemap.xml").write_text(
                '<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                + "\n".join(mine) + "\n</urlset>\n", encoding="utf-8")


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
    pages = []
    for lang in i18n.LANGUAGES:
        pages.append(GeneratedPage(i18n.page_src("models/index.md", lang), "All models", "Models",
                                   _error_markdown(problems, "Models")))
        pages += [GeneratedPage(i18n.page_src(f"models/{stem}.md", lang), stem, "Models",
                                _error_markdown(problems, stem), f"models/{stem}.yaml") for stem in stems]
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
