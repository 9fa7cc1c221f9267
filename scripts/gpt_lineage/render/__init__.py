"""Renders: pure functions of a Lineage that return text (Markdown, SVG, JSON, CSV, ...).

Each page kind is one module registered in `pages.PRODUCERS`; shortcodes for hand-written pages
are registered in `shortcodes`; escaping lives only in `escape`, URLs only in `links`.
"""
