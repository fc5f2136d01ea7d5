"""The picture for a drafted post: which words of the draft go on which layout.

Shared by the plan runner and the Write page, so a post looks the same either way.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

    from ..brand import BrandProfile

_SENTENCE = re.compile(r"(?<=[.!?…])\s+")
_TAG_OR_URL = re.compile(r"(?:[#@][\w\u00C0-\uFFFF]+|https?://\S+)")


def sentences(text: str) -> list[str]:
    """The draft's sentences without hashtags, mentions and links."""
    plain = _TAG_OR_URL.sub("", text)
    return [s.strip() for s in _SENTENCE.split(plain) if len(s.strip()) > 3]


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:-–— ") + "…"


def plan_layout(brand: BrandProfile, pillar: str | None, platform: str) -> str:
    """The layout a post gets without a photo of its own: its pillar's, where the platform
    has the size for it (Odnoklassniki and LinkedIn have no story format), else announcement."""
    from ..platforms import get_platform

    layout = (brand.pillar(pillar).layout if pillar else None) or "announcement"
    if layout == "photo" or (layout == "story" and "story" not in get_platform(platform).image_sizes):
        return "announcement"
    return layout


def post_images(brand: BrandProfile, topic: str, text: str, platform: str, layout: str, *,
                photo: str | None = None) -> list[Image.Image]:
    """The post's image for ``layout`` (every slide for a carousel): the topic as headline,
    the draft's first sentence as subline, its sentences as carousel points."""
    from .compose import compose_carousel, compose_image

    lines = sentences(text) or [topic]
    headline = shorten(topic, 90)
    if layout == "carousel":
        return compose_carousel(brand, headline, [shorten(s, 160) for s in lines[:4]], platform)
    if layout == "quote":
        return [compose_image(brand, shorten(lines[0], 160), platform, "quote", body=brand.name)]
    cta = brand.calls_to_action[0].text if brand.calls_to_action and layout == "story" else None
    body = shorten(lines[0], 110) if layout in ("announcement", "photo") else None
    return [compose_image(brand, headline, platform, layout, body=body, photo=photo, cta=cta)]
