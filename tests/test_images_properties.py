"""Property tests: whatever the headline, the text fits, stays legible and is never clipped."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_images_helpers import hex_rgb, make_brand, stray_ink

from contentkit.brand import load_brand
from contentkit.images.compose import compose_image

LATIN = st.text(alphabet="abcdefghijklmnopqrstuvwxyzÀÉüß", min_size=1, max_size=12)
CYRILLIC = st.text(alphabet="абвгдеёжзийклмнопрстуфхцчшщъыьэюяЖЩЯ", min_size=1, max_size=12)
LONG_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzабвгд", min_size=25, max_size=70)
EMOJI = st.sampled_from(["☕", "🥐", "👍🏽", "👨‍👩‍👧", "🇷🇺", "❤️", "🔥", "✨"])
TOKEN = st.one_of(LATIN, CYRILLIC, LONG_WORD, EMOJI, st.sampled_from(["\n", "\n\n", "—", "100%", "?!"]))
HEADLINE = st.lists(TOKEN, min_size=1, max_size=40).map(" ".join).filter(lambda s: s.strip())


@pytest.fixture(scope="module")
def brand(tmp_path_factory):
    return load_brand(make_brand(tmp_path_factory.mktemp("prop")))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(headline=HEADLINE, layout=st.sampled_from(["announcement", "quote"]))
def test_any_headline_fits_inside_its_box(brand, headline, layout):
    image = compose_image(brand, headline, layout=layout, body="Subline")
    assert image.size == (1080, 1080)
    background = hex_rgb(brand.visual.palette["primary" if layout == "announcement" else "background"])
    assert stray_ink(image, background, image.info["elements"]) == 0
    headline_el = next(e for e in image.info["elements"] if e["role"] == "headline")
    assert headline_el["size"] >= 40
    assert all(w.startswith(("headline", "body")) for w in image.info["warnings"])
    assert image.info["alt"]
