"""The one list of generated pages, per language.

The MkDocs plugin and `gpt-lineage generate --out DIR` both consume `generated_pages(lineage)`, so
the site and the plain-file output cannot drift apart. Each page kind is a module with a function
`(lineage, lang) -> Iterable[GeneratedPage]`, listed once below in navigation order; it is called
once per language and returns pages at that language's paths (`i18n.page_src`). Data files
(exports, schemas) are the same for every language and are produced once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

from ..i18n import LANGUAGES
from ..lineage import Lineage
from . import chart, claims, exports, glossary, matrix, model_page, references, summary, timeline, tree_page
from . import ability_page, method_page, open_page
from .page import GeneratedPage

__all__ = ["GeneratedPage", "SECTIONS", "PAGE_KINDS", "MARKDOWN_EXTENSIONS", "generated_pages", "write_pages"]

Producer = Callable[[Lineage, str], Iterable[GeneratedPage]]

# Page kinds in navigation order, rendered once per language.
PAGE_KINDS: tuple[Producer, ...] = (
    model_page.pages,     # models/index.md + models/<id>.md (release order)
    tree_page.pages,      # tree.md (the interactive evolution tree)
    timeline.pages,       # timeline.md
    matrix.pages,         # matrix.md
    summary.pages,        # summary.md
    open_page.pages,      # open.md ("Reproduce it in the open": one row per reproduced OpenAI step)
    claims.pages,         # claims.md (graded claims, anchors #claim-<id>)
    chart.pages,          # benchmarks.md (SVG charts of benchmark results)
    references.pages,     # references.md
    glossary.pages,       # glossary.md
    ability_page.pages,   # abilities/index.md + abilities/<id>.md (registry order)
    method_page.pages,    # methods/index.md + methods/<id>.md (registry order)
    exports.data_page,    # data.md
)

# Files that are the same in every language, produced once, outside the navigation.
FILE_KINDS: tuple[Callable[[Lineage], Iterable[GeneratedPage]], ...] = (
    exports.export_files,  # exports/models.json, models.csv, lineage.graphml, lineage.dot, tree.svg, references.bib
    exports.schema_files,  # schema/model.schema.json, schema/registry.schema.json
)

# Section keys in navigation order; a generated page's `section` is one of these or "".
SECTIONS: tuple[str, ...] = ("Models", "Explore", "Abilities", "Methods", "Reference", "Data")

# The Python-Markdown extensions whose syntax generated pages use: headings with ids, tables, fenced
# code, admonitions ("Sources disagree"), attribute lists, footnote citations, Markdown inside HTML
# blocks. A builder may convert generated pages with only those of its configured extensions that
# are listed here (the MkDocs plugin does: every other extension costs time on every text node and
# changes nothing); tests/test_generated_markdown.py checks the HTML is the same as with all of them.
MARKDOWN_EXTENSIONS: frozenset[str] = frozenset({
    "toc", "tables", "fenced_code", "admonition", "attr_list", "footnotes", "md_in_html",
    "pymdownx.superfences", "pymdownx.highlight",
})

# Paths of the generated pages that are not per entity, in the default language (other languages
# add their prefix, `i18n.page_src`). Validation reserves them: an id whose page (links.model_src …)
# would land on one is an error naming the file and line. Keep in step with PAGE_KINDS/FILE_KINDS.
FIXED_PAGES: tuple[str, ...] = (
    model_page.INDEX_SRC, tree_page.SRC_URI, timeline.SRC_URI, matrix.SRC_URI, summary.SRC_URI,
    claims.SRC_URI, chart.SRC_URI, references.SRC_URI, glossary.SRC_URI, exports.DATA_PAGE,
    ability_page.INDEX_SRC, method_page.INDEX_SRC, open_page.SRC_URI,
    *(f"exports/{name}" for name, _, _ in exports.EXPORTS),
    *(f"schema/{name}" for name in exports.SCHEMA_FILES),
)


def generated_pages(lineage: Lineage, languages: tuple[str, ...] = LANGUAGES) -> list[GeneratedPage]:
    """Every generated file, each language's pages in navigation order; src paths are unique."""
    result: list[GeneratedPage] = []
    seen: set[str] = set()

    def add(pages: Iterable[GeneratedPage], origin: str) -> None:
        for page in pages:
            if page.src_uri in seen:
                raise ValueError(f"two generated pages claim {page.src_uri} (last from {origin})")
            if page.section and page.section not in SECTIONS:
                raise ValueError(f"{page.src_uri}: unknown section {page.section!r} (from {origin})")
            seen.add(page.src_uri)
            result.append(page)

    for lang in languages:
        for kind in PAGE_KINDS:
            add(kind(lineage, lang), f"{kind.__module__}.{kind.__name__}")
    for files in FILE_KINDS:
        add(files(lineage), f"{files.__module__}.{files.__name__}")
    return result


def write_pages(lineage: Lineage, out_dir: Path) -> list[Path]:
    """`gpt-lineage generate --out DIR`: the same generated pages as the site, as plain files.

    Shortcodes in generated Markdown are expanded (links as for `use_directory_urls: false`), so
    the files stand alone, by the plugin's own code path (`portable.page_markdown`). Everything is
    rendered in memory first: a problem leaves DIR untouched. (`generate --out DIR` writes a whole
    buildable project instead: `portable.write_project`.)
    """
    from ..portable import page_markdown
    from .shortcodes import ShortcodeError

    rendered: list[tuple[Path, bytes]] = []
    for page in generated_pages(lineage):
        content = page.content
        if page.is_markdown:
            content, error = page_markdown(content, lineage, page.src_uri, False, generated=True)
            if error:
                raise ShortcodeError(error)
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        rendered.append((Path(out_dir, *page.src_uri.split("/")), data))
    for path, data in rendered:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return [path for path, _ in rendered]
