"""Renders: pure functions of a Lineage that return text (Markdown, SVG, JSON, CSV, ...).

Team contracts (page paths, shortcodes, escaping, links): see /work/main/.team-brief.md.
"""
