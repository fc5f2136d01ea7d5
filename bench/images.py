"""Images per second: compose+encode per layout beside an encode-only baseline, same run.

    python bench/images.py [--brand aurora-caffe] [--seconds 2.0]

Baseline: create a same-size flat image with Pillow and encode it with the same settings
(``contentkit.images.SAVE_OPTIONS``: PNG compress_level 6, JPEG quality 90 4:4:4), so
encoder settings favour neither side. Targets: compose+encode within 1.5x of the
baseline's time for PNG and 2.5x for JPEG.

The machine may be busy, so every measured call is interleaved with the others in one
loop (baseline, ours, baseline, ...) and each figure is the median time of its calls:
load falls on all columns alike. Columns:

- "same" repeats one input (a batch re-rendering a plan: fonts, measured text, logo and
  background caches are warm); "varied" changes the headline every time (text is fitted
  and rendered afresh; fonts, logo and background still cached).
- "re-encode" encodes our own finished output again: how much of our time is encoding.
- "photo pixels": for the photo layout only, a second baseline that creates and encodes
  the same-size fitted photo (copy + encode, no text): a photo never encodes like a flat
  image in PNG, so the photo layout is also reported against encoding its own photo.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from contentkit.brand import load_brand  # noqa: E402
from contentkit.image_sources import fitted_photo  # noqa: E402
from contentkit.images import compose_carousel, compose_image, image_bytes  # noqa: E402

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

            def encode_all(images: list[Image.Image]) -> None:
                for image in images:
                    image_bytes(image, fmt)

            calls = {
                "base": lambda i: image_bytes(Image.new("RGB", size, (91, 58, 41)), fmt),
                "same": lambda i: encode_all(compose(HEADLINE)),
                "varied": lambda i: encode_all(compose(f"{HEADLINE} #{i}")),
                "reencode": lambda i: encode_all(samples),
            }
            if layout == "photo":
                calls["pixels"] = lambda i: image_bytes(fitted_photo(photo, size).copy(), fmt)
            t = medians(calls, seconds)
            for name in ("same", "varied", "reencode"):
                t[name] /= n
            rows.append((fmt, layout if n == 1 else f"{layout} ({n} slides)", size, t))
    return rows


def print_table(rows: list[tuple]) -> None:
    """Images per second and ratios to the baseline's time (lower is better; ok = both within target)."""
    print("| format | layout | size | encode-only img/s | re-encode ours img/s | ratio | compose+encode (same) img/s "
          "| ratio | compose+encode (varied) img/s | ratio | target | ok |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    notes = []
    for fmt, layout, size, t in rows:
        reencode, same, varied = (t[k] / t["base"] for k in ("reencode", "same", "varied"))
        ok = "yes" if max(same, varied) <= TARGET[fmt] else "NO"
        print(f"| {fmt} | {layout} | {size[0]}x{size[1]} | {1 / t['base']:.1f} | {1 / t['reencode']:.1f} | "
              f"{reencode:.2f}x | {1 / t['same']:.1f} | {same:.2f}x | {1 / t['varied']:.1f} | {varied:.2f}x | "
              f"{TARGET[fmt]}x | {ok} |")
        if "pixels" in t:
            notes.append(f"{fmt} photo against encode-only of the same photo pixels ({1 / t['pixels']:.1f} img/s): "
                         f"same {t['same'] / t['pixels']:.2f}x, varied {t['varied'] / t['pixels']:.2f}x")
    for note in notes:
        print(f"\n{note}")


if __name__ == "__main__":
    main()
