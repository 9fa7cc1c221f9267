"""Chinese search: the data's own Chinese terms become words for the segmenter.

Material's search plugin cuts Chinese text into words with jieba when it builds the index, and the
browser cuts a Chinese query into the words the index knows. jieba's general dictionary splits
domain terms (思维链 → 思维 / 链, 指令微调 → 指令 / 微调), so a query for 指令微调 became 指令 OR 微调
and listed every page mentioning 指令 (遵循人类指令: following instructions, a different idea).
Teaching jieba the data's Chinese terms (glossary, ability, method and grade names) keeps each term
one indexed word: the query matches the term itself. No second list to maintain: a new glossary
term is searchable on the next build.
"""

from __future__ import annotations

import re

from ..lineage import Lineage

# A searchable term: 2-6 Chinese characters and nothing else. Longer names are phrases
# (利用思维链进行复杂推理): kept as one word they could only be found by their first characters, so
# jieba cuts them itself, helped by the shorter terms taught here (思维链 stays whole inside them).
_TERM = re.compile(r"^[\u3400-\u9fff]{2,6}$")


def zh_terms(lineage: Lineage) -> list[str]:
    """The Chinese terms of the glossary and registries that should stay one word, sorted."""
    names = [t.zh for t in lineage.glossary]
    names += [a.name.zh for a in lineage.abilities.values()]
    names += [m.name.zh for m in lineage.methods.values()]
    names += [g.name.zh for g in lineage.grades.values()]
    terms = {n.strip() for n in names if n and _TERM.match(n.strip())}
    # A compound of a shorter term (监督指令微调 = 监督 + 指令微调) is left to jieba to cut around the
    # term it contains, so a query for 指令微调 finds the pages that only say 监督指令微调.
    return sorted(term for term in terms if not any(other != term and other in term for other in terms))


def teach_segmenter(lineage: Lineage) -> int:
    """Add the data's Chinese terms to jieba's dictionary (if jieba is installed); returns how many.

    Called by the MkDocs plugin once the lineage is loaded, before any page is indexed.
    """
    try:
        import jieba
    except ImportError:  # Material then indexes Chinese without segmentation
        return 0
    terms = zh_terms(lineage)
    for term in terms:
        # a frequency above what its pieces would score keeps the term whole inside longer text too
        jieba.add_word(term, freq=jieba.suggest_freq(term, False) * 10 + 1000)
    return len(terms)
