"""Bad input gives an ImageError (or PlatformError) that names the thing, never a traceback."""

from __future__ import annotations

import pytest
from PIL import Image
from test_images_helpers import make_brand

import contentkit.cli as cli
from contentkit.brand import load_brand
from contentkit.errors import ImageError, PlatformError
from contentkit.images.compose import compose_image, save_image


@pytest.fixture()
def brand_dir(tmp_path):
    return make_brand(tmp_path / "b")


def test_missing_logo(brand_dir):
    brand = load_brand(brand_dir)
    (brand_dir / "logo.png").unlink()
    with pytest.raises(ImageError, match="logo") as err:
        compose_image(brand, "Hi")
    assert "logo.png" in str(err.value)


def test_corrupt_logo(brand_dir):
    brand = load_brand(brand_dir)
    (brand_dir / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    with pytest.raises(ImageError, match="logo.*not a readable image"):
        compose_image(brand, "Hi")


@pytest.mark.parametrize("content", [None, b"garbage bytes"])
def test_missing_or_corrupt_photo(brand_dir, tmp_path, content):
    photo = tmp_path / "photo.jpg"
    if content:
        photo.write_bytes(content)
    with pytest.raises(ImageError, match="photo") as err:
        compose_image(load_brand(brand_dir), "Hi", layout="photo", photo=photo)
    assert "photo.jpg" in str(err.value)


def test_photo_layout_without_photo(brand_dir):
    with pytest.raises(ImageError, match="needs a photo"):
        compose_image(load_brand(brand_dir), "Hi", layout="photo")


def test_decompression_bomb(brand_dir, tmp_path, monkeypatch):
    photo = tmp_path / "bomb.png"
    Image.new("RGB", (400, 400)).save(photo)
    brand = load_brand(brand_dir)
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100_000)  # the 300x100 logo stays under it
    with pytest.raises(ImageError, match="decompression bomb") as err:
        compose_image(brand, "Hi", layout="photo", photo=photo)
    assert "bomb.png" in str(err.value) and "photo" in str(err.value)


def test_unknown_layout(brand_dir):
    with pytest.raises(ImageError, match="unknown layout 'poster'"):
        compose_image(load_brand(brand_dir), "Hi", layout="poster")


def test_unknown_platform(brand_dir):
    with pytest.raises(PlatformError, match="unknown platform 'myspace'"):
        compose_image(load_brand(brand_dir), "Hi", platform="myspace")


def test_unknown_image_kind(brand_dir):
    with pytest.raises(PlatformError, match="LinkedIn has no 'story'"):
        compose_image(load_brand(brand_dir), "Hi", platform="linkedin", layout="story")


@pytest.mark.parametrize("headline", ["", "   ", "\n\n  \n"])
def test_empty_headline(brand_dir, headline):
    with pytest.raises(ImageError, match="headline is empty"):
        compose_image(load_brand(brand_dir), headline)


def test_font_that_is_not_a_font(tmp_path):
    folder = make_brand(tmp_path / "f", extra_visual="  fonts: {heading: fake.ttf}")
    (folder / "fake.ttf").write_text("this is not a font")
    with pytest.raises(ImageError, match="not a font") as err:
        compose_image(load_brand(folder), "Hi")
    assert "fake.ttf" in str(err.value) and "visual.fonts.heading" in str(err.value)


def test_unknown_save_format(brand_dir, tmp_path):
    image = compose_image(load_brand(brand_dir), "Hi")
    with pytest.raises(ImageError, match=r"\.gif"):
        save_image(image, tmp_path / "out.gif")


def _only_image_cli(monkeypatch):
    import typer

    app = typer.Typer(pretty_exceptions_enable=False)
    app.callback()(lambda: None)  # keep "image" a sub-command, as in the full CLI
    monkeypatch.setattr(cli, "app", app)
    monkeypatch.setattr(cli, "_GROUPS", ("image",))


def _run(argv: list[str]) -> None:
    """cli.main may end with SystemExit(0) on success; anything else is a failure."""
    try:
        cli.main(argv)
    except SystemExit as exit_:
        assert exit_.code in (0, None)


def test_cli_writes_an_image(brand_dir, tmp_path, monkeypatch, capsys):
    _only_image_cli(monkeypatch)
    out = tmp_path / "out.png"
    _run(["image", "--brand", str(brand_dir), "--platform", "instagram", "--layout", "quote",
              "Coffee is a hug", "-o", str(out)])
    with Image.open(out) as image:
        assert image.size == (1080, 1080)
    assert "Alt text:" in capsys.readouterr().out


def test_cli_carousel_writes_numbered_files(brand_dir, tmp_path, monkeypatch):
    _only_image_cli(monkeypatch)
    out = tmp_path / "tips.jpg"
    _run(["image", "-b", str(brand_dir), "-l", "carousel", "Tips", "--point", "One", "--point", "Two", "-o", str(out)])
    assert sorted(p.name for p in tmp_path.glob("tips-*.jpg")) == ["tips-1.jpg", "tips-2.jpg", "tips-3.jpg"]


def test_cli_bad_input_is_one_line_and_exit_1(brand_dir, tmp_path, monkeypatch, capsys):
    _only_image_cli(monkeypatch)
    with pytest.raises(SystemExit) as exit_:
        cli.main(["image", "-b", str(brand_dir), "-l", "poster", "Hi", "-o", str(tmp_path / "x.png")])
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    assert "unknown layout 'poster'" in err and "Traceback" not in err
