"""The one list of generated pages.

The MkDocs plugin and `gpt-lineage generate --out DIR` both consume `generated_pages(lineage)`, so
the site and the plain-file output cannot drift apart. Each page kind lives in its own module and
is registered here with ONE line in `PRODUCERS`: `"<module>:<function>"`, a function
`(lineage) -> Iterable[GeneratedPage]`. Names are resolved lazily so that registering a module
never depends on import order between page kinds.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..lineage import Lineage


@dataclass(frozen=True)
class GeneratedPage:
    """One generated file.

    src_uri: path as if it lived in docs/ (e.g. `models/gpt-2.md`, `exports/models.json`).
    title:   navigation title (Markdown pages); ignored for other files.
    section: navigation section it belongs to (e.g. "Models", "Explore", "Reference");
             "" keeps a page out of the navigation (exports, schemas).
    content: Markdown text for `.md` pages; text or bytes for anything else.
    edit_path: the data file, relative to the data directory, a reader edits to change this page
             (e.g. `models/gpt-2.yaml`); the site's "edit" button opens it. None: no edit button.
    """

    src_uri: str
    title: str
    section: str
    content: str | bytes
    edit_path: str | None = None

    @property
    def is_markdown(self) -> bool:
        return self.src_uri.endswith(".md")


# Page kinds, in navigation order. One line per kind.
PRODUCERS: tuple[str, ...] = (
    "model_page:pages",      # models/index.md + models/<id>.md (release order)
    "tree_page:pages",       # tree.md (the interactive evolution tree)
    "timeline:pages",        # timeline.md
    "matrix:pages",          # matrix.md
    "summary:pages",         # summary.md
    "claims:pages",          # claims.md (graded claims, anchors #claim-<id>)
    "chart:pages",           # benchmarks.md (SVG charts of benchmark results)
    "references:pages",      # references.md
    "glossary:pages",        # glossary.md
    "exports:data_page",     # data.md
    "exports:export_files",  # exports/models.json, models.csv, lineage.graphml, lineage.dot, tree.svg, references.bib
    "exports:schema_files",  # schema/model.schema.json, schema/registry.schema.json
)

# Sections in navigation order; a generated page's `section` must be one of these or "".
SECTIONS: tuple[str, ...] = ("Models", "Explore", "Reference", "Data")


def _producer(ref: str) -> Callable[[Lineage], Iterable[GeneratedPage]]:
    module, _, function = ref.partition(":")
    return getattr(importlib.import_module(f"{__package__}.{module}"), function)


def generated_pages(lineage: Lineage) -> list[GeneratedPage]:
    """Every generated file for this lineage, in navigation order; src paths are unique."""
    result: list[GeneratedPage] = []
    seen: set[str] = set()
    for ref in PRODUCERS:
        for page in _producer(ref)(lineage):
            if page.src_uri in seen:
                raise ValueError(f"two generated pages claim {page.src_uri} (last from {ref})")
            if page.section and page.section not in SECTIONS:
                raise ValueError(f"{page.src_uri}: unknown section {page.section!r} (from {ref})")
            seen.add(page.src_uri)
            result.append(page)
    return result


def write_pages(lineage: Lineage, out_dir: Path) -> list[Path]:
    """`gpt-lineage generate --out DIR`: the same generated pages as the site, as plain files.

    Shortcodes in generated Markdown are expanded (links as for `use_directory_urls: false`), so
    the files stand alone. Everything is rendered in memory first: a problem leaves DIR untouched.
    """
    from .shortcodes import expand

    rendered: list[tuple[Path, bytes]] = []
    for page in generated_pages(lineage):
        content = page.content
        if page.is_markdown:
            content = expand(content, lineage, page.src_uri, use_directory_urls=False)
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        rendered.append((Path(out_dir, *page.src_uri.split("/")), data))
    for path, data in rendered:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return [path for path, _ in rendered]
