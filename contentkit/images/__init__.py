"""Branded images with Pillow: every platform's sizes, the brand's palette, logo and fonts.

``compose_image(brand, headline, platform=..., layout=...)`` and ``compose_carousel`` return
a PIL image with alt text in ``img.info["alt"]``; ``save_image`` writes it. ``for_posts``
chooses the words and layout of a drafted post's picture, for plans and the Write page.

Inside: ``layouts`` (announcement, quote, photo, story, carousel slides), ``canvas`` and
``color`` (drawing and contrast), ``text`` (fitting words to a box), ``fonts`` (font stacks
with emoji and Cyrillic coverage), ``sources`` (logos and photos), ``png_writer``.
"""

from .._lazy import lazy_exports

_EXPORTS = {
    "compose_image": "compose",
    "compose_carousel": "compose",
    "save_image": "compose",
    "LAYOUT_NAMES": "compose",
    "post_images": "for_posts",
    "plan_layout": "for_posts",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
