"""Images per second: compose+encode per layout beside an encode-only baseline, same run.

    python bench/images.py [--brand aurora-caffe] [--seconds 2.0]

Baseline ("encode-only"): create a same-size image with Pillow and encode it with
Pillow's own encoder and the same settings (``contentkit.images.compose.SAVE_OPTIONS``: PNG
compress_level 6, JPEG quality 90 4:4:4), so encoder settings favour neither side. It
never goes through ``image_bytes``: our PNGs are written by ``contentkit.images.png_writer``
(fixed Up filter), the baseline stays Pillow's adaptive-filter encoder. Targets:
compose+encode within 1.5x of the baseline's time for PNG and 2.5x for JPEG.

The machine may be busy, so every measured call is interleaved with the others in one
loop (baseline, ours, baseline, ...) and each figure is the median time of its calls:
load falls on all columns alike. Columns:

- "same" repeats one input (a batch re-rendering a plan: fonts, measured text, logo and
  background caches are warm); "varied" changes the headline every time (text is fitted
  and rendered afresh; fonts, logo and background still cached). Both run compose and
  ``image_bytes`` (PNG: png_writer; JPEG: Pillow).
- "re-encode ours": ``image_bytes`` on our own finished images again: how much of our
  time is encoding.
- "Pillow encode of ours": our finished images through Pillow's encoder with the same
  settings and alt text (what ``image_bytes`` did before png_writer); for PNG, set against
  "re-encode ours" it shows how much of the gain is the writer. For JPEG both are Pillow.
- The image created is a flat colour for every layout but photo, whose baseline creates
  the same-size fitted photo (copy + Pillow encode, no text): a photo never encodes like a
  flat colour in PNG (about 9x slower). Its ratio against a flat image is printed below
  the table as well.

Sizes: bytes of one image as written by ``image_bytes`` and by Pillow's encoder.
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, PngImagePlugin  # noqa: E402

from contentkit.brand import load_brand  # noqa: E402
from contentkit.images.sources import fitted_photo  # noqa: E402
from contentkit.images.compose import SAVE_OPTIONS, compose_carousel, compose_image, image_bytes  # noqa: E402

HEADLINE = "Winter latte is here: cinnamon, oat milk ☕"
BODY = "Every morning from 7:30 in all our cafés."
TARGET = {"PNG": 1.5, "JPEG": 2.5}


def medians(calls: dict[str, Callable[[int], object]], seconds: float) -> dict[str, float]:
    """Median seconds per call of each fn(i), the calls interleaved round-robin."""
    for fn in calls.values():
        fn(0)  # warm-up
    times: dict[str, list[float]] = {name: [] for name in calls}
    i, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds or i < 7:
        i += 1
        for name, fn in calls.items():
            t0 = time.perf_counter()
            fn(i)
            times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(ts) for name, ts in times.items()}


def pillow_bytes(image: Image.Image, fmt: str) -> bytes:
    """Pillow's own encoder with ``SAVE_OPTIONS`` (and, for PNG, the alt text as image_bytes writes it)."""
    params = dict(SAVE_OPTIONS[fmt])
    if fmt == "PNG" and image.info.get("alt"):
        params["pnginfo"] = PngImagePlugin.PngInfo()
        params["pnginfo"].add_itxt("Description", image.info["alt"])
    buffer = io.BytesIO()
    (image if image.mode == "RGB" else image.convert("RGB")).save(buffer, fmt, **params)
    return buffer.getvalue()


def synthetic_photo(folder: Path) -> Path:
    """A detailed 1600x1200 'photo' (gradients and texture), so nothing is trivially flat."""
    import numpy as np

    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:1200, 0:1600] / 1200.0
    base = np.stack([120 + 90 * np.sin(3 * x), 100 + 80 * np.cos(2 * y), 140 + 60 * np.sin(x + y)], -1)
    pixels = (base + rng.normal(0, 12, base.shape)).clip(0, 255).astype("uint8")
    path = folder / "photo.jpg"
    Image.fromarray(pixels).save(path, quality=90)
    return path


def composers(brand, photo: Path) -> dict[str, Callable[[str], list[Image.Image]]]:
    """Each layout's images for one headline: one image, or every slide of a carousel."""
    return {
        "announcement": lambda h: [compose_image(brand, h, layout="announcement", body=BODY, cta="Order now",
                                                 format="feed")],
        "quote": lambda h: [compose_image(brand, h, layout="quote", body="Giulia, barista", format="feed")],
        "photo": lambda h: [compose_image(brand, h, layout="photo", body=BODY, photo=photo, format="feed")],
        "story": lambda h: [compose_image(brand, h, layout="story", body=BODY, cta="Order now")],
        "carousel": lambda h: compose_carousel(brand, h, ["Grind fresh", "Weigh 60 g per litre", "93 °C"],
                                               cta="Order now", format="feed"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--brand", default=str(ROOT / "brand_profiles" / "aurora-caffe"))
    parser.add_argument("--seconds", type=float, default=2.0, help="measuring time per format and layout")
    args = parser.parse_args()
    brand = load_brand(args.brand)
    with tempfile.TemporaryDirectory() as tmp:
        photo = synthetic_photo(Path(tmp))
        rows = run(composers(brand, photo), photo, args.seconds)
    print_table(rows)


def run(table: dict[str, Callable[[str], list[Image.Image]]], photo: Path, seconds: float) -> list[tuple]:
    """Seconds per image of each column, for each format and layout.

    A carousel call composes and encodes every slide (cover, points, closing slide); its
    time is divided by the number of slides, so all columns are per image.
    """
    rows = []
    for fmt in ("PNG", "JPEG"):
        for layout, compose in table.items():
            samples = compose(HEADLINE)
            size, n = samples[0].size, len(samples)

            def encode_all(images: list[Image.Image],
                           encode: Callable[[Image.Image, str], bytes] = image_bytes) -> None:
                for image in images:
                    encode(image, fmt)

            flat = lambda i: pillow_bytes(Image.new("RGB", size, (91, 58, 41)), fmt)  # noqa: E731
            calls = {
                # A photo never encodes like a flat colour in PNG: the photo layout's baseline
                # creates and encodes the same-size photo (its flat-colour ratio is noted below).
                "base": (lambda i: pillow_bytes(fitted_photo(photo, size).copy(), fmt)) if layout == "photo" else flat,
                "same": lambda i: encode_all(compose(HEADLINE)),
                "varied": lambda i: encode_all(compose(f"{HEADLINE} #{i}")),
                "reencode": lambda i: encode_all(samples),
                "pillow": lambda i: encode_all(samples, pillow_bytes),
            }
            if layout == "photo":
                calls["flat"] = flat
            t = medians(calls, seconds)
            for name in ("same", "varied", "reencode", "pillow"):
                t[name] /= n
            sizes = (len(image_bytes(samples[0], fmt)), len(pillow_bytes(samples[0], fmt)))
            rows.append((fmt, layout if n == 1 else f"{layout} ({n} slides)", size, t, sizes))
    return rows


def print_table(rows: list[tuple]) -> None:
    """Images per second and ratios to the baseline's time (lower is better; ok = both within target)."""
    print("| format | layout | size | encode-only img/s | re-encode ours img/s | ratio | Pillow encode of ours img/s "
          "| ratio | compose+encode (same) img/s | ratio | compose+encode (varied) img/s | ratio | target | ok "
          "| KB ours | KB Pillow |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|")
    notes = []
    for fmt, layout, size, t, (ours_size, pillow_size) in rows:
        reencode, pillow, same, varied = (t[k] / t["base"] for k in ("reencode", "pillow", "same", "varied"))
        ok = "yes" if max(same, varied) <= TARGET[fmt] else "NO"
        print(f"| {fmt} | {layout} | {size[0]}x{size[1]} | {1 / t['base']:.1f} | {1 / t['reencode']:.1f} | "
              f"{reencode:.2f}x | {1 / t['pillow']:.1f} | {pillow:.2f}x | {1 / t['same']:.1f} | {same:.2f}x | "
              f"{1 / t['varied']:.1f} | {varied:.2f}x | {TARGET[fmt]}x | {ok} | {ours_size / 1024:.1f} | "
              f"{pillow_size / 1024:.1f} |")
        if "flat" in t:
            notes.append(f"{fmt} photo against encode-only of a flat-colour image instead ({1 / t['flat']:.1f} img/s): "
                         f"same {t['same'] / t['flat']:.2f}x, varied {t['varied'] / t['flat']:.2f}x")
    for note in notes:
        print(f"\n{note}")


if __name__ == "__main__":
    main()
