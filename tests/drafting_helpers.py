"""Helpers for the drafting tests: a small brand on disk, and a backend that counts batches."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from contentkit.llm.fake import FakeBackend

BRAND = {
    "name": "Caffè Prova",
    "slug": "caffe-prova",
    "description": "Piccola caffetteria di quartiere a Torino.",
    "language": "it",
    "other_languages": ["en"],
    "voice": {
        "tone": ["caloroso", "semplice"],
        "do": ["Dai del tu a chi legge."],
        "dont": ["Niente maiuscole urlate."],
        "banned_words": ["economico", "il migliore di Torino"],
        "emoji": "light",
        "example_posts": [
            {"platform": "instagram", "text": "Buongiorno! Il primo espresso è pronto ☕ #caffeprova #buongiorno"},
            {"platform": "instagram", "text": "Nuovi cornetti al pistacchio da oggi al bancone."},
            {"platform": "facebook", "text": "Sabato corso di latte art: sei posti, prenota sul sito."},
        ],
    },
    "personas": [
        {"name": "Chiara", "problems": ["Vuole un caffè buono in cinque minuti."]},
        {"name": "Luca", "problems": ["Vuole imparare a estrarre meglio a casa."]},
    ],
    "platforms": {"instagram": {"posts_per_week": 3}, "x": {"posts_per_week": 2},
                  "telegram": {"posts_per_week": 2}},
    "pillars": [
        {"name": "caffè e cultura", "share": 0.5, "description": "Origini e metodi."},
        {"name": "novità", "share": 0.5, "description": "Nuovi prodotti ed eventi."},
    ],
    "hashtags": {"always": ["#caffeprova"], "banned": ["#food"], "max": 3},
    "visual": {"palette": {"primary": "#5B3A29"}, "logo": "logo.png"},
    "calls_to_action": [{"text": "Passa a trovarci", "url": "https://example.com/mappa"}],
}

IT_TEXT = ("Buongiorno a tutti! Oggi al bancone c'è un nuovo caffè della Colombia, dolce e rotondo. "
           "Passa a trovarci e dicci cosa ne pensi: ti aspettiamo con un cornetto caldo.")
EN_TEXT = ("Good morning everyone! Today we have a new coffee from Colombia at the counter, sweet and "
           "round. Come and visit us and tell us what you think: we are waiting for you.")


def make_brand(folder: Path, **changes: Any) -> Path:
    """A valid brand folder (brand.yaml and a tiny logo) with ``changes`` merged in at the top."""
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    data = {**BRAND, **changes}
    (folder / "brand.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    Image.new("RGB", (8, 8), "#5B3A29").save(folder / "logo.png")
    return folder


def load_test_brand(folder: Path, **changes: Any):
    from contentkit.brand import load_brand

    return load_brand(make_brand(folder, **changes))


class BatchFake(FakeBackend):
    """A FakeBackend that also records each batch call and the sampling settings."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.batches: list[dict[str, Any]] = []

    def complete_many(self, conversations, *, max_tokens=400, temperature=0.7, json_mode=False, seed=None):
        self.batches.append({"size": len(conversations), "max_tokens": max_tokens, "seed": seed,
                             "temperature": temperature})
        return super().complete_many(conversations, max_tokens=max_tokens, temperature=temperature,
                                     json_mode=json_mode, seed=seed)
