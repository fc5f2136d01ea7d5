"""What the brand itself says: the texts a post may repeat, and the words that are real for it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from ..brand import BrandProfile


def stated_text(brand: BrandProfile) -> str:
    """Everything the profile says of itself that a post or reply may repeat: description,
    pillars, calls to action and the replies section's canned answers and messages."""
    parts = [brand.description, *(p.description for p in brand.pillars), *(c.text for c in brand.calls_to_action)]
    if brand.replies is not None:
        for value in [c.answer for c in brand.replies.canned] + [brand.replies.complaints.dm_message]:
            parts.extend(value.values() if isinstance(value, dict) else [value or ""])
    return " ".join(p or "" for p in parts)


def brand_words(brand: BrandProfile, extra: Iterable[str] = ()) -> frozenset[str]:
    """Words of the brand's own profile, examples and ``extra`` texts: real for this brand
    whatever a dictionary says ("taggaci", "Borsieri", "Scratch")."""
    from ..spelling import vocabulary

    texts = [brand.name, brand.name.replace(" ", ""), brand.slug.replace("-", " "), brand.description or "", *brand.voice.tone, *brand.voice.do, *brand.voice.dont,
             *(e.text for e in brand.voice.example_posts), *(p.name for p in brand.pillars),
             *(p.description or "" for p in brand.pillars), *(c.text for c in brand.calls_to_action),
             *brand.hashtags.always, *extra]
    return vocabulary(texts)


def profile_facts(brand: BrandProfile, extra: Iterable[str] = ()) -> list[str]:
    """What the profile says of the brand, which a post may repeat word for word."""
    return [brand.name, brand.description or "", *(p.name for p in brand.pillars),
            *(p.description or "" for p in brand.pillars), *(c.text for c in brand.calls_to_action),
            *(e.text for e in brand.voice.example_posts), *extra]
