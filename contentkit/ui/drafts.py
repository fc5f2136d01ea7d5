"""Drafting for the Write page: stream a variant's raw text, then the checked Draft.

Everything here calls the public API (``drafting.Brief``, ``build_messages``,
``token_budget``, ``checks.review``, ``draft_many``). ``stream_post`` is shaped so it can
move into drafting.py unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from contentkit import checks
from contentkit.drafting import Brief, Draft, build_messages, draft_many, token_budget
from contentkit.errors import ContentkitError
from contentkit.platforms import get_platform

if TYPE_CHECKING:
    from PIL import Image

    from contentkit.brand import BrandProfile
    from contentkit.llm.base import Backend

_SENTENCE = re.compile(r"(?<=[.!?…])\s+")
_TAG_OR_URL = re.compile(r"(?:[#@][\w\u00C0-\uFFFF]+|https?://\S+)")


def normalise(brand: BrandProfile, brief: Brief) -> Brief:
    """The brief with canonical platform, pillar and language (errors name what is wrong)."""
    if not brief.topic.strip():
        raise ContentkitError("the topic is empty", field="topic", hint="say what the post is about")
    pillar = brand.pillar(brief.pillar).name if brief.pillar else None
    return replace(brief, platform=get_platform(brief.platform).id, pillar=pillar,
                   language=(brief.language or brand.language).lower())


def stream_post(brand: BrandProfile, brief: Brief, backend: Backend, *, variant: int = 0,
                seed: int | None = 0, temperature: float = 0.7) -> Iterator[str | Draft]:
    """Yield the model's raw text as it arrives, then one checked :class:`Draft`.

    The raw reply goes through ``checks.review``; a reply with nothing usable is drafted
    again the batch way (``draft_many``, which asks once more with a firmer request).
    """
    brief = normalise(brand, brief)
    messages = build_messages(brand, brief, variant=variant)
    budget = token_budget(brief.platform, with_image=brief.with_image)
    pieces: list[str] = []
    for piece in backend.stream(messages, max_tokens=budget, temperature=temperature, seed=seed):
        pieces.append(piece)
        yield piece
    echo = [line for m in (messages[0], messages[-1]) for line in m["content"].splitlines()]
    review = checks.review("".join(pieces), brand, brief.platform, language=brief.language,
                           with_image=brief.with_image, echo=echo)
    if "empty" in review.problems:
        again = draft_many(brand, [brief], backend, seed=None if seed is None else seed + 1,
                           temperature=temperature, variants=[variant])[0]
        if isinstance(again, ContentkitError):
            raise again
        yield again
        return
    language = review.language if "language" in review.problems else brief.language or ""
    yield Draft(text=review.text, platform=brief.platform, language=language, topic=brief.topic,
                pillar=brief.pillar, warnings=list(review.warnings), backend=backend.id,
                model=backend.model, repairs=list(review.repairs))


def sentences(text: str) -> list[str]:
    plain = _TAG_OR_URL.sub("", text)
    return [s.strip() for s in _SENTENCE.split(plain) if len(s.strip()) > 3]


def short(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:-–— ") + "…"


def post_image(brand: BrandProfile, topic: str, text: str, platform: str, layout: str,
               photo: str | None = None) -> Image.Image:
    """The draft's image in ``layout``: the topic as headline, the first sentence as body."""
    from contentkit.images import compose_image

    lines = sentences(text) or [topic]
    kind = brand.platforms[platform].image_kind if platform in brand.platforms else None
    cta = brand.calls_to_action[0].text if brand.calls_to_action else None
    if layout == "quote":
        return compose_image(brand, short(lines[0], 160), platform, "quote", body=brand.name, format=kind)
    if layout == "carousel":
        body = "\n".join(short(s, 160) for s in lines[:4])
        return compose_image(brand, short(topic, 90), platform, "carousel", body=body, format=kind)
    body = short(lines[0], 110) if layout in ("announcement", "photo") else None
    return compose_image(brand, short(topic, 90), platform, layout, body=body, photo=photo,
                         cta=cta if layout == "story" else None, format=kind)


def default_layout(brand: BrandProfile, pillar: str | None) -> str:
    if pillar:
        layout = brand.pillar(pillar).layout
        if layout and layout != "photo":  # a draft has no photo of its own
            return layout
    return "announcement"
