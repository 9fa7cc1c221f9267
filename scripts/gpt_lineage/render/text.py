"""Data text in a page's language, as inline Markdown: the one place that marks a fallback.

A contributor may write a model in English first; its Chinese page then shows the English,
marked (`lineage-untranslated`, `lang="en"`) so readers and screen readers know.
"""

from __future__ import annotations

from ..i18n import is_translated, t, text
from ..model import Text
from .escape import md_attr_text, md_inline


def md(value: Text | None, lang: str) -> str:
    """Inline Markdown of a data text in `lang`, the English fallback visibly marked."""
    shown = md_inline(text(value, lang))
    if value is None or is_translated(value, lang):
        return shown
    return (f'<span class="lineage-untranslated" lang="en" '
            f'title="{md_attr_text(t(lang, "lang.untranslated"))}">{shown}</span>')


def attr(value: Text | None, lang: str) -> str:
    """A data text in `lang` for an HTML attribute inside Markdown (tooltips, titles)."""
    return md_attr_text(text(value, lang))
