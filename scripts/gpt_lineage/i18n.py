"""Languages of the site: where each language's pages live, interface words, and data text.

The core renders every page once per language (`lang` is always an argument, never a global).
English pages live at the top of the site, Chinese ones under `zh/` with the same paths. Interface
words come from one catalogue per language (`messages/<lang>.json`, nested by the module that uses
them); data text (`Text`) picks its language through `text` only.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

from .model import Text

LANGUAGES: tuple[str, ...] = ("en", "zh")
DEFAULT = "en"
# What <html lang> and hreflang say: Simplified Chinese is what the data's `zh` texts are written in.
HTML_LANG = {"en": "en", "zh": "zh-Hans"}
# The language's own name, for the language switch.
NATIVE_NAME = {"en": "English", "zh": "中文"}

CATALOGUE_DIR = Path(__file__).parent / "messages"


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """The flat `{"section.key": "words"}` catalogue of one language."""
    raw = json.loads((CATALOGUE_DIR / f"{lang}.json").read_text(encoding="utf-8"))
    flat: dict[str, str] = {}

    def walk(prefix: str, node: dict) -> None:
        for key, value in node.items():
            name = f"{prefix}.{key}" if prefix else key
            if isinstance(value, dict):
                walk(name, value)
            else:
                flat[name] = value

    walk("", raw)
    return flat


def t(lang: str, key: str, **values: object) -> str:
    """One interface string, with `{name}` placeholders filled. An unknown key is a bug: KeyError."""
    words = catalogue(lang)[key]
    return words.format(**values) if values else words


def text(value: Text | None, lang: str) -> str:
    """The data text a reader of `lang` sees: the translation, else the English ("" for None)."""
    if value is None:
        return ""
    if lang != DEFAULT:
        translated = getattr(value, lang, None)
        if translated and translated.strip():
            return translated
    return value.en


def is_translated(value: Text | None, lang: str) -> bool:
    """False where `text(value, lang)` falls back to English."""
    if value is None or lang == DEFAULT:
        return True
    translated = getattr(value, lang, None)
    return bool(translated and translated.strip())


def prefix(lang: str) -> str:
    """Where a language's pages live, relative to the site root: "" or "zh/"."""
    return "" if lang == DEFAULT else f"{lang}/"


def page_src(path: str, lang: str) -> str:
    """The source path of a page in a language: `models/gpt-2.md` -> `zh/models/gpt-2.md`."""
    return prefix(lang) + path


def language_of(src_uri: str) -> str:
    """The language of a page, read from where it lives."""
    first = src_uri.split("/", 1)[0]
    return first if first in LANGUAGES and first != DEFAULT and "/" in src_uri else DEFAULT


def counterpart(src_uri: str, lang: str) -> str:
    """The same page in another language: `zh/models/x.md` <-> `models/x.md`."""
    return page_src(src_uri[len(prefix(language_of(src_uri))):], lang)
