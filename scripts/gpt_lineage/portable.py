"""Page assembly shared by the MkDocs plugin and `gpt-lineage generate --out DIR` (one code path).

What a page finally says does not depend on the site builder: the plugin (during an MkDocs or
ProperDocs build) and `generate` (a plain project for any builder that reads mkdocs.yml: MkDocs
without the plugin, Zensical) both call the functions here, and nothing here imports MkDocs.

  page_markdown   one page's final Markdown: shortcodes expanded; glossary abbreviations on
                  hand-written pages
  navigation      one language's navigation: Home, the generated Models and Explore sections, the
                  hand-written pages (declared `nav:` or folders), then Reference and Data
  assemble        every file of the site (hand-written pages, generated pages, exports, schemas,
                  assets) with its final content, and the navigation of every language
  write_project   `generate --out DIR`: the assembled site as a self-contained project, one
                  MkDocs configuration per language (see README, "Building with ProperDocs and
                  Zensical")

Why one configuration per language in the portable project: without the plugin, a builder knows one
interface language (`theme.language`) and one navigation per configuration, and writes one search
index at its site root. So DIR/mkdocs.yml builds the English edition from DIR/docs/ into site/
(excluding docs/zh/), and DIR/mkdocs.zh.yml builds the Chinese edition from DIR/docs/zh/ into
site/zh/ — the same URLs as the plugin's site. The Chinese edition holds its own copy of the
language-neutral files (styles, scripts, KaTeX, exports, schemas) so it builds on its own; its
Markdown links to them point at that copy. The language switch lists `extra.alternate` (each
edition's root, relative to this one's); the theme override partials/alternate-portable.html links
each page to the same page of the other edition (home where a page has no counterpart).
"""

from __future__ import annotations

import posixpath
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Collection, Iterable, Mapping

import yaml

from . import i18n
from .lineage import Lineage
from .render import glossary, links, shortcodes
from .render.escape import html_text
from .render.page import GeneratedPage

# Section keys in navigation order (render.pages.SECTIONS; imported lazily there to avoid a cycle).
_FRONT_SECTIONS = 2  # Models, Explore: what readers come for, before the hand-written pages


# --- one page ----------------------------------------------------------------------------------------

def page_markdown(markdown: str, lineage: Lineage, src_uri: str, use_directory_urls: bool, *,
                  generated: bool, figures: list[str] | None = None) -> tuple[str, str | None]:
    """A page's final Markdown and the shortcode problems on it (None when there are none).

    Shortcodes are expanded and a generated page's links resolved (as `use_directory_urls` makes
    them); a shortcode that cannot be
    expanded is left as written and reported. Hand-written pages get the glossary's abbreviations
    in the page's language. `figures`: see `shortcodes.expand` (the plugin sets large SVG figures
    aside and puts them back into the HTML; a plain project keeps them inline)."""
    error = None
    try:
        markdown = shortcodes.expand(markdown, lineage, src_uri, use_directory_urls, figures=figures)
    except shortcodes.ShortcodeError as exc:
        error = str(exc)
    if generated:  # the core's inline HTML links (links.page_link) get their final URLs
        markdown = links.resolve_page_links(markdown, src_uri, use_directory_urls)
    else:
        markdown += "\n\n" + glossary.abbreviations(lineage, i18n.language_of(src_uri)) + "\n"
    return markdown, error


# --- navigation --------------------------------------------------------------------------------------

def section_title(key: str, lang: str) -> str:
    """A navigation section's title in `lang`: from the catalogue when it knows the key."""
    return i18n.catalogue(lang).get(f"section.{key}", key)


def navigation(generated: Iterable[GeneratedPage], src_uris: Collection[str], declared: list | None,
               lang: str) -> list:
    """Home, then the generated Models and Explore sections, the hand-written pages, then
    Reference and Data. Hand-written pages follow `nav:` in mkdocs.yml when it is declared
    (to give concept pages a reading order), else their folders; generated pages never need
    an edit to mkdocs.yml, and a section the declared nav already names is left where it is.

    `src_uris`: every file of the site (hand-written and generated), as paths in docs/."""
    from .render.pages import SECTIONS

    generated = list(generated)
    generated_srcs = {p.src_uri for p in generated}
    if declared is None:
        hand = _hand_written_nav([s for s in src_uris if s not in generated_srcs], lang)
    else:
        hand = declared if lang == i18n.DEFAULT else _translated_nav(declared, set(src_uris), lang)
    named = {next(iter(item)) for item in hand if isinstance(item, dict)}
    by_section: dict[str, list] = {s: [] for s in SECTIONS}
    for page in generated:
        if page.is_markdown and page.section and i18n.language_of(page.src_uri) == lang:
            by_section[page.section].append({html_text(page.title): page.src_uri})  # the theme prints nav titles as HTML
    titles = {s: section_title(s, lang) for s in SECTIONS}
    sections = [{titles[s]: by_section[s]} for s in SECTIONS if by_section[s] and titles[s] not in named]
    front_titles = [titles[s] for s in SECTIONS[:_FRONT_SECTIONS]]
    front = [item for item in sections if next(iter(item)) in front_titles]
    back = [item for item in sections if item not in front]
    return hand[:1] + front + hand[1:] + back


def _hand_written_nav(hand_srcs: Iterable[str], lang: str) -> list:
    """Home, then hand-written pages nested by folder, as MkDocs would lay them out."""
    root = i18n.prefix(lang)
    hand = sorted(
        (s[len(root):] for s in hand_srcs if s.endswith(".md") and i18n.language_of(s) == lang),
        key=lambda uri: (uri.count("/"), not uri.endswith("index.md"), uri),
    )
    folders: dict[str, list] = {}
    for uri in hand:
        if "/" in uri:
            folders.setdefault(uri.split("/", 1)[0], []).append(root + uri)
    return (
        [{section_title("Home", lang): root + uri} for uri in hand if uri == "index.md"]
        + [{section_title(name.replace("-", " ").replace("_", " ").capitalize(), lang): uris}
           for name, uris in folders.items()]
        + [root + uri for uri in hand if "/" not in uri and uri not in ("index.md", "404.md")]
    )


def _translated_nav(declared: list, src_uris: Collection[str], lang: str) -> list:
    """The declared (English) hand-written navigation at `lang`'s paths: pages that exist in that
    language, section titles from the catalogue."""
    out: list = []
    for item in declared:
        if isinstance(item, str):
            src = i18n.page_src(item, lang)
            if src in src_uris:
                out.append(src)
            continue
        (title, value), = item.items()
        if isinstance(value, list):
            children = _translated_nav(value, src_uris, lang)
            if children:
                out.append({section_title(title, lang): children})
        elif i18n.page_src(value, lang) in src_uris:
            out.append({section_title(title, lang): i18n.page_src(value, lang)})
    return out


# --- the whole site ----------------------------------------------------------------------------------

@dataclass
class Assembly:
    """Every file of the site with its final content, and each language's navigation."""

    files: dict[str, str | bytes]                 # src path in docs/ -> content
    nav: dict[str, list]                          # language -> navigation (src paths)
    generated: dict[str, GeneratedPage] = field(default_factory=dict)


def assemble(lineage: Lineage, docs: Mapping[str, str | bytes], declared_nav: list | None,
             use_directory_urls: bool = True, languages: tuple[str, ...] = i18n.LANGUAGES) -> Assembly:
    """The site the plugin builds, as files: `docs` is the docs dir's contents ({src path: text for
    Markdown, bytes otherwise}). A generated page replaces a hand-written one at the same path (as in
    the plugin). Raises ShortcodeError with every shortcode problem of every page, ValueError when two
    generated pages claim one path."""
    from .render import pages as page_kinds  # looked up at call time (tests replace generated_pages)

    produced = page_kinds.generated_pages(lineage, languages)
    generated = {p.src_uri: p for p in produced}
    files: dict[str, str | bytes] = {}
    errors: list[str] = []
    for src, content in docs.items():
        if src in generated:
            continue
        if src.endswith(".md"):
            text = content.decode("utf-8") if isinstance(content, bytes) else content
            content, error = page_markdown(text, lineage, src, use_directory_urls, generated=False)
            if error:
                errors.append(error)
        files[src] = content
    for page in produced:
        content = page.content
        if page.is_markdown:
            content, error = page_markdown(content, lineage, page.src_uri, use_directory_urls, generated=True)
            if error:
                errors.append(error)
        files[page.src_uri] = content
    if errors:
        raise shortcodes.ShortcodeError("\n".join(errors))
    nav = {lang: navigation(produced, files.keys(), declared_nav, lang) for lang in languages}
    return Assembly(files, nav, generated)


# --- the portable project ----------------------------------------------------------------------------

class _Lenient(yaml.SafeLoader):
    """Reads mkdocs.yml; MkDocs' own tags (!ENV, !relative, !!python/name) are kept as plain values."""


_Lenient.add_multi_constructor("", lambda loader, suffix, node: loader.construct_scalar(node)
                               if isinstance(node, yaml.ScalarNode) else None)

PLUGIN_NAME = "gpt-lineage"
THEME_DIR = Path(__file__).parent / "theme"
# Theme overrides of the portable project {path in overrides/: file in THEME_DIR}: those that work
# without the plugin (they fall back on `theme.language` and print nothing plugin-specific), and the
# language switch that needs no plugin. Left out: partials/alternate.html draws the switch from the
# plugin's per-page counterparts; partials/search.html is Material's search markup, which would
# replace Zensical's own (a button that opens its search dialog).
PORTABLE_OVERRIDES = {
    "main.html": "main.html",
    "partials/language.html": "partials/language.html",
    "partials/source.html": "partials/source.html",
    "partials/alternate.html": "partials/alternate-portable.html",
}


# The portable project uses file URLs (`models/gpt-2.html`, `use_directory_urls: false`). The pages
# hold raw HTML with final URLs (the tree, citations, the matrix): MkDocs writes raw HTML as it is,
# while Zensical resolves a relative URL in it against the page's SOURCE file and rewrites it for the
# page's output path. With directory URLs the two differ by one level (`concepts/x.md` is served at
# `concepts/x/`) and one builder's links would break; with file URLs a page's source and output
# share a directory, so the same URLs are right for both (and the site also works from file://).
PORTABLE_URLS = "use_directory_urls: false"


def read_docs(docs_dir: Path) -> dict[str, str | bytes]:
    """The docs dir's files: Markdown as text, everything else as bytes."""
    out: dict[str, str | bytes] = {}
    for path in sorted(Path(docs_dir).rglob("*")):
        if path.is_file():
            src = path.relative_to(docs_dir).as_posix()
            out[src] = path.read_text(encoding="utf-8") if src.endswith(".md") else path.read_bytes()
    return out


def read_config(config_file: Path) -> dict:
    return yaml.load(Path(config_file).read_text(encoding="utf-8"), Loader=_Lenient) or {}


def _without_plugin(plugins) -> list:
    out = []
    for item in plugins or []:
        name = item if isinstance(item, str) else next(iter(item))
        if name != PLUGIN_NAME:
            out.append(item)
    return out


def _strip_prefix(nav: list, root: str) -> list:
    """A navigation with `root` taken off every path (the Chinese edition's docs dir is docs/zh/)."""
    out: list = []
    for item in nav:
        if isinstance(item, str):
            out.append(item[len(root):] if item.startswith(root) else item)
        else:
            (title, value), = item.items()
            out.append({title: _strip_prefix(value, root) if isinstance(value, list)
                        else (value[len(root):] if value.startswith(root) else value)})
    return out


_MD_LINK = re.compile(r"(\]\()([^)\s]+)")


def _into_edition(markdown: str, src: str, root: str, shared: Collection[str]) -> str:
    """Markdown links from a page of the `root` edition to a language-neutral file (exports/…) point
    at the edition's own copy of it, so the edition builds from its own docs dir."""
    def fix(match: re.Match) -> str:
        url = match.group(2)
        if re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:|[#/]", url):
            return match.group(0)
        cut = min((i for i in (url.find("#"), url.find("?")) if i >= 0), default=len(url))
        path, rest = url[:cut], url[cut:]
        target = posixpath.normpath(posixpath.join(posixpath.dirname(src), path))
        if target.startswith(root) or target not in shared:
            return match.group(0)
        fixed = posixpath.relpath(root + target, posixpath.dirname(src) or ".")
        return match.group(1) + fixed + rest
    return _MD_LINK.sub(fix, markdown)


def project_files(assembly: Assembly, config: dict) -> dict[str, str | bytes]:
    """{path in DIR: content} of the portable project: docs/ (English and the shared files),
    docs/zh/ (the Chinese edition, with its own copy of the shared files), one configuration per
    language and the theme overrides that work without the plugin."""
    out: dict[str, str | bytes] = {}
    editions = [lang for lang in i18n.LANGUAGES if lang in assembly.nav]
    roots = {lang: i18n.prefix(lang) for lang in editions}
    other_roots = tuple(r for r in roots.values() if r)
    shared = {src for src in assembly.files
              if not src.endswith(".md") and not src.startswith(other_roots)}
    for src, content in assembly.files.items():
        lang = i18n.language_of(src)
        if lang != i18n.DEFAULT and src.endswith(".md") and isinstance(content, str):
            content = _into_edition(content, src, roots[lang], shared)
        out[f"docs/{src}"] = content
    for lang in editions:
        if roots[lang]:
            for src in shared:
                out.setdefault(f"docs/{roots[lang]}{src}", assembly.files[src])
    for name, source in PORTABLE_OVERRIDES.items():
        out[f"overrides/{name}"] = (THEME_DIR / source).read_text(encoding="utf-8")
    pages = {lang: {src[len(roots[lang]):] for src in assembly.files
                    if src.endswith(".md") and i18n.language_of(src) == lang} for lang in editions}

    site_url = config.get("site_url") or ""
    for lang in editions:
        edition = dict(config)
        edition.pop("docs_dir", None)
        edition.pop("site_dir", None)
        edition["plugins"] = _without_plugin(config.get("plugins"))
        theme = dict(config.get("theme") or {})
        theme["language"] = lang
        theme["custom_dir"] = "overrides"  # relative to the configuration file: both live in DIR
        edition["theme"] = theme
        edition["edit_uri"] = ""  # generated pages have no file in a repository to edit
        extra = dict(config.get("extra") or {})
        up = "../" * roots[lang].count("/")
        extra["alternate"] = [_alternate(other, (up + roots[other]) or "./", pages[lang] - pages[other])
                              for other in editions]
        edition["extra"] = extra
        if roots[lang]:
            edition["docs_dir"] = f"docs/{roots[lang]}".rstrip("/")
            edition["site_dir"] = f"site/{roots[lang]}".rstrip("/")
            if site_url:
                edition["site_url"] = site_url.rstrip("/") + "/" + roots[lang]
            edition["nav"] = _strip_prefix(assembly.nav[lang], roots[lang])
            edition.pop("exclude_docs", None)
            name = f"mkdocs.{lang}.yml"
        else:
            edition["docs_dir"] = "docs"
            edition["site_dir"] = "site"
            edition["nav"] = assembly.nav[lang]
            excluded = "\n".join(f"/{r}" for r in other_roots)
            edition["exclude_docs"] = (config.get("exclude_docs") or "") + excluded + "\n"
            name = "mkdocs.yml"
        header = (f"# GPT Lineage, {i18n.NATIVE_NAME[lang]} edition: written by `gpt-lineage generate`; "
                  "build with `mkdocs build -f " + name + "` or `zensical build -f " + name + "`.\n")
        out[name] = header + yaml.safe_dump(edition, allow_unicode=True, sort_keys=False, width=120)
    return out


def _alternate(lang: str, link: str, missing: Collection[str]) -> dict:
    """One entry of an edition's `extra.alternate`: the `lang` edition's root (`link`, relative to
    this edition's root) and, when there are any, the URLs of this edition's pages that have no
    counterpart in it (partials/alternate-portable.html links those to its home)."""
    entry = {"name": i18n.NATIVE_NAME[lang], "lang": i18n.HTML_LANG[lang], "link": link}
    urls = sorted(_file_url(src) for src in missing)
    if urls:
        entry["missing"] = urls
    return entry


def _file_url(src: str) -> str:
    """A page's URL in its edition with file URLs (`use_directory_urls: false`), as `page.url`."""
    return src[: -len(".md")] + ".html"


def write_project(lineage: Lineage, config_file: Path | None, out_dir: Path) -> list[Path]:
    """`gpt-lineage generate --out DIR`: the site as a project any mkdocs.yml reader builds without
    the plugin (without `config_file`: of the generated pages alone). Everything is assembled in
    memory first: a problem leaves DIR untouched."""
    config = read_config(Path(config_file)) if config_file else {"site_name": "GPT Lineage"}
    docs_dir = Path(config_file).parent / config.get("docs_dir", "docs") if config_file else None
    docs = read_docs(docs_dir) if docs_dir and docs_dir.is_dir() else {}
    config["use_directory_urls"] = False  # see PORTABLE_URLS
    assembly = assemble(lineage, docs, config.get("nav"), use_directory_urls=False)
    files = project_files(assembly, config)
    out_dir = Path(out_dir)
    for stale in ("docs", "overrides"):  # a second run writes the same project, not a mixture
        if (out_dir / stale).is_dir():
            shutil.rmtree(out_dir / stale)
    written = []
    for rel, content in files.items():
        path = out_dir.joinpath(*rel.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        written.append(path)
    return written
