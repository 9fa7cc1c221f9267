"""GPT Lineage: a validated data set of GPT models and the renders built from it.

Flow: load (YAML -> documents with positions) -> validate (Problems) -> lineage (typed graph)
-> render (pure functions returning text). Nothing here imports MkDocs.
"""

__version__ = "0.1.0"
