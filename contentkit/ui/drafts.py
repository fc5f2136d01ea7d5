"""Images and layouts for the Write page's drafts (drafting itself is ``drafting.stream_draft``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from contentkit.images.for_posts import post_images

if TYPE_CHECKING:
    from PIL import Image

    from contentkit.brand import BrandProfile


def post_image(brand: BrandProfile, topic: str, text: str, platform: str, layout: str,
               photo: str | None = None) -> Image.Image:
    """The draft's image in ``layout`` (a carousel's cover slide), as a plan would make it."""
    return post_images(brand, topic, text, platform, layout, photo=photo)[0]

