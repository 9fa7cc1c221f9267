"""One generated file: what every page kind returns, and what adapters place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GeneratedPage:
    """One generated file.

    src_uri: path as if it lived in docs/ (e.g. `models/gpt-2.md`, `exports/models.json`).
    title:   navigation title (Markdown pages); ignored for other files.
    section: key of the navigation section it belongs to (`pages.SECTIONS`: "Models", "Explore", …;
             the adapter shows the title of that key in the page's language);
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
