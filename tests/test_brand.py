from __future__ import annotations

from pathlib import Path

import pytest

import contentkit as ck
from contentkit.errors import BrandError

from brand_factory import example_data, write_brand

SLUGS = ["aurora-caffe", "ledgerly", "shkola-umnikov"]


@pytest.mark.parametrize("slug", SLUGS)
def test_example_brands_load_completely(slug: str) -> None:
    brand = ck.load_brand(slug)
    assert brand.slug == slug
    assert brand.logo_path is not None and brand.logo_path.is_file()
    assert brand.history_path is not None and brand.history_path.is_file()
    assert abs(sum(p.share for p in brand.pillars) - 1) < 0.011
    assert brand.personas and all(p.problems for p in brand.personas)
    assert brand.voice.example_posts


def test_languages_of_examples() -> None:
    assert {s: ck.load_brand(s).language for s in SLUGS} == {
        "aurora-caffe": "it", "ledgerly": "en", "shkola-umnikov": "ru"}


def test_list_brands_finds_examples_and_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = example_data()
    data["slug"] = "my-bakery"
    write_brand(tmp_path / "my-bakery", data)
    monkeypatch.setenv("CONTENTKIT_BRANDS", str(tmp_path))
    assert {*SLUGS, "my-bakery"} <= set(ck.list_brands())
    assert ck.load_brand("my-bakery").root == (tmp_path / "my-bakery").resolve()


def test_load_by_folder_and_by_file(tmp_path: Path) -> None:
    folder = write_brand(tmp_path / "b")
    assert ck.load_brand(folder).name == ck.load_brand(folder / "brand.yaml").name


def _error(tmp_path: Path, data: dict | None = None, **kwargs) -> BrandError:
    folder = write_brand(tmp_path / "broken", data, **kwargs)
    with pytest.raises(BrandError) as info:
        ck.load_brand(folder)
    assert str(folder / "brand.yaml") in str(info.value)
    return info.value


def test_missing_file_names_path(tmp_path: Path) -> None:
    with pytest.raises(BrandError, match="not found") as info:
        ck.load_brand(tmp_path / "nothing" / "brand.yaml")
    assert "nothing" in str(info.value)


def test_unknown_slug_lists_known_ones() -> None:
    with pytest.raises(BrandError, match="aurora-caffe"):
        ck.load_brand("no-such-brand")


def test_yaml_syntax_error_gives_line(tmp_path: Path) -> None:
    error = _error(tmp_path, raw="name: X\nslug: x\nvoice: [unclosed\nlanguage: en\n")
    assert "YAML syntax error" in str(error) and "line" in str(error)


def test_unknown_key_named(tmp_path: Path) -> None:
    data = example_data()
    data["voice"]["tonality"] = ["warm"]
    error = _error(tmp_path, data)
    assert error.field == "voice.tonality" and "unknown key" in str(error)


def test_wrong_type_named(tmp_path: Path) -> None:
    data = example_data()
    data["platforms"]["instagram"]["posts_per_week"] = "often"
    error = _error(tmp_path, data)
    assert error.field == "platforms.instagram.posts_per_week" and "'often'" in str(error)


def test_bad_hex_colour(tmp_path: Path) -> None:
    data = example_data()
    data["visual"]["palette"]["accent"] = "#12345G"
    error = _error(tmp_path, data)
    assert error.field == "visual.palette" and "#12345G" in str(error) and "accent" in str(error)


def test_shares_must_sum_to_one(tmp_path: Path) -> None:
    data = example_data()
    data["pillars"][0]["share"] = 0.9
    error = _error(tmp_path, data)
    assert error.field == "pillars" and "sum to 1" in str(error)


def test_logo_missing(tmp_path: Path) -> None:
    data = example_data()
    data["visual"]["logo"] = "nope.png"
    error = _error(tmp_path, data)
    assert error.field == "visual.logo" and "nope.png" in str(error)


def test_logo_not_an_image(tmp_path: Path) -> None:
    error = _error(tmp_path, logo=b"this is not a png")
    assert error.field == "visual.logo" and "not a readable image" in str(error)


def test_unknown_platform(tmp_path: Path) -> None:
    data = example_data()
    data["platforms"]["myspace"] = {"posts_per_week": 1}
    error = _error(tmp_path, data)
    assert error.field == "platforms" and "myspace" in str(error) and "instagram" in str(error)


def test_unknown_language(tmp_path: Path) -> None:
    data = example_data()
    data["language"] = "italian"
    error = _error(tmp_path, data)
    assert error.field == "language" and "italian" in str(error)


def test_missing_required_field(tmp_path: Path) -> None:
    data = example_data()
    del data["voice"]
    error = _error(tmp_path, data)
    assert error.field == "voice" and "missing" in str(error)


def test_bad_timezone(tmp_path: Path) -> None:
    data = example_data()
    data["timezone"] = "Milan"
    assert _error(tmp_path, data).field == "timezone"


def test_unquoted_colon_in_list_item_gets_a_hint(tmp_path: Path) -> None:
    data = example_data()
    data["voice"]["do"] = [{"Never": "say this"}]
    assert "quotes" in str(_error(tmp_path, data))


def test_hex_shorthand_normalised(tmp_path: Path) -> None:
    data = example_data()
    data["visual"]["palette"]["accent"] = "#abc"
    brand = ck.load_brand(write_brand(tmp_path / "ok", data))
    assert brand.visual.palette["accent"] == "#AABBCC"


def test_unknown_pillar_lists_known(tmp_path: Path) -> None:
    brand = ck.load_brand("aurora-caffe")
    with pytest.raises(BrandError, match=brand.pillars[0].name):
        brand.pillar("nonsense")
