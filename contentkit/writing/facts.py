"""A brand's fact sheet: short true statements a post may stand on, and the few that match a
post's topic.

Whole past posts as grounding pull a small model into copying their shape and their old
dates; single sentences, each true today, give it something concrete to say about the topic
and nothing else to imitate. The sheet comes from what the brand wrote for its feed: the
profile's description, its example posts and its history, each cleaned of numbers the profile
does not state (an old "sabato 14" is no longer true). The canned answers to comments are
left out: given to the model, support hours and prices landed in posts about anything else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..material import clean_post, profile_numbers, stems
from ..brand import BrandProfile

_SPLIT = re.compile(r"(?<=[.!?…])\s+|\n+|\s*;\s+")
_MIN_WORDS, _MAX_CHARS = 4, 200


def sentences(text: str) -> list[str]:
    out = []
    for part in _SPLIT.split(text):
        part = " ".join(part.split()).strip(" -–—•")
        if len(part.split()) >= _MIN_WORDS and len(part) <= _MAX_CHARS and any(c.isalpha() for c in part):
            out.append(part if part[-1] in ".!?…" else f"{part}.")
    return out


def fact_sheet(brand: BrandProfile, material: Iterable[str] = ()) -> list[str]:
    """Every true statement the brand gave, profile first, without repeats."""
    numbers = profile_numbers(brand)
    texts = [brand.description or ""]
    texts += [clean_post(p.text, numbers) for p in brand.voice.example_posts]
    texts += list(material)
    seen: dict[str, None] = {}
    for text in texts:
        for sentence in sentences(text):
            seen.setdefault(sentence, None)
    return list(seen)


def facts_for(brand: BrandProfile, topic: str, *, pillar_text: str = "", material: Iterable[str] = (),
              k: int = 3) -> list[str]:
    """Up to ``k`` facts that share a word with the topic (the pillar's words break ties); only
    when none does, the ones that share a word with the pillar. A fact off the topic is not
    harmless: a small model puts every fact it is given into the post ("the beginners' course
    is on Saturday" in a post about the oven at six)."""
    sheet = fact_sheet(brand, material)
    name = stems(brand.name)
    wanted, around = stems(topic) - name, stems(pillar_text) - stems(topic) - name
    on_topic, near = [], []
    for i, fact in enumerate(sheet):
        words = stems(fact)
        hits, close = len(wanted & words), len(around & words)
        if hits:
            on_topic.append((hits, close, -i, fact))
        elif close:
            near.append((close, -i, fact))
    on_topic.sort(reverse=True)
    near.sort(reverse=True)
    return [t[-1] for t in on_topic[:k]] or [t[-1] for t in near[:min(k, 2)]]
