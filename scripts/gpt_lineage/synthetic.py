"""Synthetic data directories: random but valid lineages of any size, for benchmarks and stress tests.

One generator for every benchmark (site build, tree layout, reload), so figures at 10, 100 or
1,000 models are measured on the same kind of data. The output passes `validate.check`: the seven
registries, n model files whose parent links form a DAG that respects release order (each model is
released on its own day, after all its parents), and text of realistic length in English and,
for some fields, Chinese.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import yaml

SERIES = ("GPT-1", "GPT-2", "GPT-3", "GPT-3.5")
METHODS = (  # id, English name, marker, light colour, dark colour
    ("pretraining", "Pre-training", "PT", "#1f5fa8", "#8ab4f8"),
    ("sft", "Supervised fine-tuning", "SFT", "#1e7b34", "#81c995"),
    ("code-training", "Training on code", "CODE", "#8a4b08", "#fdd663"),
    ("rlhf", "Reinforcement learning from human feedback", "RLHF", "#a50e0e", "#f28b82"),
    ("feedme", "FeedME", "FME", "#6a1b9a", "#d7aefb"),
)
GRADES = (  # id, name, line style
    ("official", "Official", "solid"),
    ("conclusion", "Research conclusion", "dashed"),
    ("speculation", "Speculation", "dotted"),
)
ABILITIES = (  # id, English, Chinese
    ("generation", "Language generation", "语言生成"),
    ("world-knowledge", "World knowledge", "世界知识"),
    ("in-context-learning", "In-context learning", "上下文学习"),
    ("code-generation", "Code generation", "代码生成"),
    ("chain-of-thought", "Chain-of-thought reasoning", "思维链推理"),
    ("instruction-following", "Instruction following", "指令遵循"),
    ("zero-shot", "Zero-shot generalisation", "零样本泛化"),
    ("alignment", "Alignment with human preferences", "与人类偏好对齐"),
    ("dialogue", "Dialogue", "对话"),
    ("long-context", "Long-context modelling", "长上下文建模"),
)
WORDS = (
    "model trained data tokens parameters transformer attention layers scale corpus instruction "
    "feedback human preference code reasoning dialogue alignment benchmark context window release "
    "fine-tuned pre-trained supervised reinforcement learning policy reward demonstrations prompts"
).split()


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _text(rng: random.Random, sentences: int, zh: bool = False) -> dict:
    out = {"en": " ".join(_sentence(rng, rng.randint(8, 16)) for _ in range(sentences))}
    if zh:
        out["zh"] = "该模型在更多数据上训练，能力随规模增长。" * sentences
    return out


def _source_ids(n_models: int) -> list[str]:
    return [f"src-{i:04d}" for i in range(max(3, n_models // 2))]


def _registries(rng: random.Random, n_models: int) -> dict[str, list]:
    sources = [
        {"id": sid, "title": _sentence(rng, rng.randint(5, 10)).rstrip("."),
         "authors": [f"Author {rng.randint(1, 500)}" for _ in range(rng.randint(1, 4))],
         "year": 2018 + i % 6, "venue": "Synthetic Proceedings", "kind": "paper",
         **({"arxiv": f"{2000 + i % 400}.{10000 + i:05d}"} if i % 2 else {"url": f"https://example.org/papers/{sid}"})}
        for i, sid in enumerate(_source_ids(n_models))
    ]
    first = sources[0]["id"]
    return {
        "sources": sources,
        "abilities": [{"id": a, "name": {"en": en, "zh": zh}, "definition": _text(rng, 1, zh=True), "sources": [first]}
                      for a, en, zh in ABILITIES],
        "methods": [{"id": m, "name": {"en": name}, "description": _text(rng, 2), "color": {"light": light, "dark": dark},
                     "marker": marker, "sources": [first]} for m, name, marker, light, dark in METHODS],
        "grades": [{"id": g, "name": {"en": name}, "description": _text(rng, 1), "line_style": style, "rank": i + 1}
                   for i, (g, name, style) in enumerate(GRADES)],
        "glossary": [{"en": en, "zh": zh, "definition": _text(rng, 1, zh=True), "sources": [first]}
                     for _, en, zh in ABILITIES],
        "claims": [],  # filled once the model ids exist
        "benchmarks": [],
    }


def _model(rng: random.Random, i: int, mid: str, series: str, released: date, parents: list[str],
           sources: list[str]) -> dict:
    cite = lambda: [rng.choice(sources)]  # noqa: E731
    doc = {
        "id": mid,
        "name": f"Synthetic GPT {i}",
        "api_name": f"syn-{i}-api" if i % 3 else None,
        "aliases": [f"SynGPT-{i}"],
        "organisation": "OpenAI",
        "series": series,
        "release": {"date": released.isoformat(), "sources": cite()},
        "parameters": ({"value": rng.randint(10**8, 2 * 10**11), "sources": cite()} if i % 4
                       else {"undisclosed": True, "note": _text(rng, 1), "sources": cite()}),
        "context_window": {"value": rng.choice((512, 1024, 2048, 4096, 8001)), "sources": cite()},
        "architecture": {"layers": rng.choice((12, 24, 48, 96)), "heads": rng.choice((12, 16, 96)),
                         "d_model": rng.choice((768, 1600, 12288)), "sources": cite()},
        "training_data": {"text": _text(rng, 1, zh=i % 2 == 0), "tokens": rng.randint(10**9, 10**12), "sources": cite()},
        "summary": _text(rng, 3, zh=i % 2 == 0),
        "parents": [{"model": p, "method": rng.choice(METHODS)[0], "grade": rng.choice(GRADES)[0],
                     **({"note": _text(rng, 1)} if rng.random() < 0.3 else {}), "sources": cite()} for p in parents],
        "abilities": [{"ability": a, "change": rng.choice(("+", "++", "+", "-")), "grade": rng.choice(GRADES)[0],
                       "sources": cite()} for a in rng.sample([a[0] for a in ABILITIES], rng.randint(1, 3))],
        "sources": cite(),
    }
    if i % 5 == 0:
        doc["disagreements"] = [{"topic": _text(rng, 1), "positions": [
            {"value": _text(rng, 1), "sources": cite()}, {"value": _text(rng, 1), "sources": cite()}]}]
    if i % 7 == 0:
        doc["open_source_approximations"] = [{"name": f"Open-{i}", "url": f"https://example.org/open/{i}"}]
    return doc


def _pick_parents(rng: random.Random, i: int, ids: list[str]) -> list[str]:
    """Mostly one recent parent, sometimes two, now and then a new root: a bushy, tree-like DAG."""
    if i == 0 or rng.random() < 0.04:
        return []
    recent = ids[max(0, i - 30):i]
    count = 2 if len(recent) > 1 and rng.random() < 0.15 else 1
    return sorted(rng.sample(recent, count))


def write_data_dir(n_models: int, out_dir: Path, seed: int = 0) -> Path:
    """Write a valid data directory with `n_models` random models to `out_dir` (created); returns it."""
    rng = random.Random(seed)
    out_dir = Path(out_dir)
    (out_dir / "models").mkdir(parents=True, exist_ok=True)
    registries = _registries(rng, n_models)
    sources = [s["id"] for s in registries["sources"]]
    ids = [f"syn-{i:04d}" for i in range(n_models)]
    start = date(2018, 1, 1)
    for i, mid in enumerate(ids):
        series = SERIES[i * len(SERIES) // n_models]
        doc = _model(rng, i, mid, series, start + timedelta(days=i), _pick_parents(rng, i, ids), sources)
        _dump(out_dir / "models" / f"{mid}.yaml", doc)
    registries["claims"] = [
        {"id": f"claim-{k}", "statement": _text(rng, 1, zh=True), "grade": GRADES[k % len(GRADES)][0],
         "reasoning": _text(rng, 2), "abilities": [ABILITIES[k % len(ABILITIES)][0]],
         "models": sorted(rng.sample(ids, min(2, len(ids)))), "sources": [rng.choice(sources)]}
        for k in range(max(2, n_models // 20))
    ]
    registries["benchmarks"] = [{
        "id": "synthetic-bench", "name": "Synthetic bench", "metric": "accuracy", "description": _text(rng, 1),
        "results": [{"system": f"Synthetic GPT {k}", "model": ids[k], "method": {"en": "few-shot"},
                     "score": round(rng.uniform(20, 90), 1), "date": (start + timedelta(days=k)).isoformat(),
                     "sources": [rng.choice(sources)]} for k in range(0, n_models, max(1, n_models // 8))],
    }]
    for kind, items in registries.items():
        _dump(out_dir / f"{kind}.yaml", {kind: items})
    return out_dir


def _dump(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")


if __name__ == "__main__":  # python -m gpt_lineage.synthetic N OUT_DIR [SEED]
    import sys

    write_data_dir(int(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 0)
