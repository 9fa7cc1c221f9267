"""Escaping, in one place per output language.

Everything that comes from YAML is contributor text: it may contain `<script>`, quotes, Markdown
syntax, `[[shortcodes]]` or `javascript:` URLs. Renders pass every such string through one of these
functions before it reaches Markdown, HTML or SVG.
"""

from __future__ import annotations

import html
import re

# Characters that mean something to HTML, to Markdown or to this site's extensions anywhere in a
# line (emphasis, code, links, footnotes `[^x]`, shortcodes `[[x]]`, tables `|`, arithmatex `$`,
# attr_list `{: }`, abbr `*[`). They become character references, which render as the character in
# Markdown paragraphs, table cells, link text, raw HTML blocks and attribute values alike, so one
# escaped string is safe wherever a render puts it (a backslash escape would show up literally
# inside raw HTML). The apostrophe is left alone: renders always quote attributes with `"`.
_INLINE_REFS = {c: f"&#{ord(c)};" for c in "\\`*_{}[]|$~"}
_INLINE_REFS.update({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})
_INLINE_TABLE = str.maketrans(_INLINE_REFS)
# Block syntax that only counts at the start of a line: headings, lists, quotes, definitions.
_LINE_START = re.compile(r"^(?:[#+\-=:]|(\d+)([.)]))")
_WHITESPACE = re.compile(r"\s+")
_SAFE_SCHEMES = ("https://", "http://")


def html_text(text: str) -> str:
    """Text placed between HTML tags."""
    return html.escape(str(text), quote=False)


def html_attr(text: str) -> str:
    """Text placed inside a double- or single-quoted HTML attribute value."""
    return html.escape(str(text), quote=True)


def md_inline(text: str) -> str:
    """Contributor text that must render literally inside Markdown (paragraphs, table cells, links).

    HTML specials become entities (so `<script>` is shown, not run), Markdown specials become
    numeric references (so `*`, `[[tree]]`, `[^x]` or `|` stay text), and runs of whitespace,
    including newlines, collapse to one space so the text cannot break out of a table row. The
    result is also valid HTML text and attribute content.
    """
    text = _WHITESPACE.sub(" ", str(text)).strip().translate(_INLINE_TABLE)
    return _LINE_START.sub(_escape_line_start, text)


def _escape_line_start(match: re.Match) -> str:
    if match.group(1):  # "1." or "1)" would start an ordered list
        return match.group(1) + f"&#{ord(match.group(2))};"
    return f"&#{ord(match.group(0))};"


def md_attr_text(text: str) -> str:
    """Text for an HTML attribute inside Markdown (e.g. `title="..."`), one line.

    Markdown runs its link and emphasis patterns before it sets raw HTML aside, so an attribute
    value needs the Markdown specials escaped too (`![x](data:…)` would otherwise become an `<img>`
    inside the attribute): that is exactly `md_inline`, whose output is valid attribute text.
    """
    return md_inline(text)


def safe_url(url: str) -> str:
    """An external URL fit for href: only http(s) passes; anything else becomes '#'.

    The schema already restricts URLs, but renders must not rely on validation having run.
    """
    url = str(url).strip()
    if url.lower().startswith(_SAFE_SCHEMES) and not any(c in url for c in "\"'<> \n\t"):
        return url
    return "#"


def anchor_slug(text: str) -> str:
    """A stable, ASCII-safe id fragment for anchors such as `#term-<slug>`."""
    slug = re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")
    return slug or "x"


# --- SVG and DOT (tree room) ----------------------------------------------------------
# Characters XML 1.0 forbids outright: an SVG written to a file must stay well-formed even when a
# contributor pastes a control character.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def svg_text(text: str) -> str:
    """Contributor text between SVG tags (inline in HTML or in a standalone .svg file), one line."""
    return html.escape(_XML_FORBIDDEN.sub("", _WHITESPACE.sub(" ", str(text)).strip()), quote=False)


def svg_attr(text: str) -> str:
    """Contributor text inside a double-quoted SVG attribute (`aria-label`, `data-*`), one line."""
    return html.escape(_XML_FORBIDDEN.sub("", _WHITESPACE.sub(" ", str(text)).strip()), quote=True)


def dot_label(text: str) -> str:
    """Text for a Graphviz label: backslashes doubled so `\\n`, `\\N`, `\\G`… in a name stay literal.

    Quoting is left to Graphviz's writer (pygraphviz attributes are written as quoted strings);
    newlines inside a value collapse to spaces, and `\\n` may then join lines deliberately.
    """
    return _XML_FORBIDDEN.sub("", _WHITESPACE.sub(" ", str(text)).strip()).replace("\\", "\\\\")

