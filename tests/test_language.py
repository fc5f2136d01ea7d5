from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest

from contentkit import detect_language
from contentkit.errors import LanguageError


@pytest.mark.parametrize("text, candidates, expected", [
    ("Buongiorno a tutti!", ["it", "en"], "it"),
    ("Oggi in filtro: Colombia Huila, dolce e rotondo ☕ #auroracaffe", None, "it"),
    ("Дроби пугают? Давайте разберёмся на пицце 🍕 #математикадлядетей", None, "ru"),
    ("Close your books two days after month end, not two weeks. https://ledgerly.io", None, "en"),
    ("holaaaa q tal estáis??? jajaja", ["es", "pt", "ca", "en"], "es"),
    ("vc vai hoje? kkkk", ["es", "pt", "ca", "en"], "pt"),
    ("Bon dia a tothom, avui fa molt de fred", ["es", "pt", "ca", "en"], "ca"),
])
def test_detects_real_looking_posts(text: str, candidates: list[str] | None, expected: str) -> None:
    assert detect_language(text, candidates=candidates) == expected


@pytest.mark.parametrize("text", ["", "   ", "😀🎉☕", "12345 678", "#hashtag @mention", "https://x.com/a"])
def test_undetermined_instead_of_raising(text: str) -> None:
    assert detect_language(text) == "und"
    assert detect_language(text, candidates=["it", "en"]) == "und"


def test_short_ambiguous_text_is_und_without_candidates() -> None:
    assert detect_language("ok") == "und"


def test_deterministic() -> None:
    text = "Que taal? Nos vemos mañana en la playa"
    assert len({detect_language(text) for _ in range(20)}) == 1


def test_answer_is_one_of_the_candidates() -> None:
    assert detect_language("The weather is lovely today", candidates=["it", "ru"]) in {"it", "ru"}


def test_a_single_candidate_is_the_answer_for_any_words() -> None:
    assert detect_language("Buongiorno a tutti", candidates=["it"]) == "it"
    assert detect_language("😀", candidates=["it"]) == "und"


def test_unknown_candidate_is_a_clear_error() -> None:
    with pytest.raises(LanguageError, match="klingon"):
        detect_language("hello there", candidates=["en", "klingon"])


def test_accuracy_on_a_tweetlid_sample(shared_data: Path) -> None:
    # The full figure is in bench/langid.py; a sample here guards against regressions.
    with gzip.open(shared_data / "tweetlid14" / "train.tsv.gz", "rt", encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
                if r["lang"] in {"es", "pt", "ca", "en"}][::12]
    right = sum(detect_language(r["text"], candidates=["es", "pt", "ca", "en"]) == r["lang"] for r in rows)
    assert right / len(rows) >= 0.88
