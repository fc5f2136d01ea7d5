from __future__ import annotations

import pytest

from contentkit.errors import PlatformError
from contentkit.platforms import PLATFORMS, fits, get_platform, image_size, text_length, x_length

EXPECTED = {"instagram", "facebook", "x", "linkedin", "threads", "telegram", "vk",
            "odnoklassniki", "youtube", "tiktok"}


def test_registry_covers_every_platform_with_sizes() -> None:
    assert set(PLATFORMS) == EXPECTED
    for rules in PLATFORMS.values():
        assert rules.text_limit > 0 and rules.hashtags_recommended >= 1
        assert rules.image_sizes and all(w > 0 and h > 0 for w, h in rules.image_sizes.values())
        if rules.hashtag_limit is not None:
            assert rules.hashtags_recommended <= rules.hashtag_limit


def test_current_figures() -> None:
    assert get_platform("instagram").text_limit == 2200
    assert get_platform("instagram").hashtag_limit == 5
    assert get_platform("x").text_limit == 280
    assert get_platform("threads").text_limit == 500 and get_platform("threads").hashtag_limit == 1
    assert get_platform("youtube").title_limit == 100
    assert get_platform("telegram").caption_limit == 1024
    assert image_size("instagram", "story") == (1080, 1920)


def test_aliases_and_unknown() -> None:
    assert get_platform("Twitter").id == "x"
    assert get_platform("OK").id == "odnoklassniki"
    with pytest.raises(PlatformError, match="myspace.*instagram"):
        get_platform("myspace")
    with pytest.raises(PlatformError, match="story"):
        image_size("linkedin", "story")


def test_x_counts_urls_as_23_and_emoji_as_2() -> None:
    assert x_length("hello") == 5
    assert x_length("see https://example.com/a/very/long/path?with=query") == 4 + 23
    assert x_length("☕") == 2
    assert x_length("👩‍👩‍👧‍👦") == 2  # one family sequence, however many code points
    assert x_length("日本") == 4
    assert x_length("привет") == 6  # Cyrillic is in the light range


def test_x_normalises_before_counting() -> None:
    assert x_length("cafe\u0301") == x_length("café") == 4


def test_other_platforms_count_code_points_or_utf16() -> None:
    assert text_length("caffè ☕", "instagram") == 7
    assert text_length("☕😀", "telegram") == 3  # 😀 is two UTF-16 units
    assert fits("a" * 280, "x") and not fits("a" * 281, "x")
    assert fits("a" * 1500, "telegram") and not fits("a" * 1500, "telegram", with_image=True)
