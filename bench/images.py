"""Images per second: compose+encode per layout beside an encode-only baseline, same run.

    python bench/images.py [--brand aurora-caffe] [--seconds 1.0]

Baseline: create a same-size image with Pillow and encode it with the same settings
(``contentkit.images.SAVE_OPTIONS``: PNG compress_level 6, JPEG quality 90 4:4:4), so
encoder settings favour neither side. Targets: compose+encode within 1.5x of the
baseline's time for PNG and 2.5x for JPEG.

"same" repeats one input (a batch re-rendering a plan: fonts, measured text, logo and
background caches are warm); "varied" changes the headline every time (text is fitted
and rendered afresh; fonts, logo and background still cached). The extra column
"re-encode" encodes our own output again, to show how much of the time is encoding.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image  # noqa: E402

from contentkit.brand import load_brand  # noqa: E402
from contentkit.images import compose_carousel, compose_image, image_bytes  # noqa: E402

HEADLINE = "Winter latte is here: cinnamon, oat milk ☕"
BODY = "Every morning from 7:30 in all our cafés."
TARGET = {"PNG": 1.5, "JPEG": 2.5}


def rate(fn: Callable[[int], object], seconds: float) -> float:
    """Calls per second of fn(i), after one warm-up call."""
    fn(0)
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds or count < 5:
        fn(count + 1)
        count += 1
    return count / (time.perf_counter() - start)


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


def composers(brand, photo: Path) -> dict[str, Callable[[str], Image.Image]]:
    return {
        "announcement": lambda h: compose_image(brand, h, layout="announcement", body=BODY, cta="Order now", format="feed"),
        "quote": lambda h: compose_image(brand, h, layout="quote", body="Giulia, barista", format="feed"),
        "photo": lambda h: compose_image(brand, h, layout="photo", body=BODY, photo=photo, format="feed"),
        "story": lambda h: compose_image(brand, h, layout="story", body=BODY, cta="Order now"),
        "carousel": lambda h: compose_carousel(brand, h, ["Grind fresh", "Weigh 60 g per litre", "93 °C"], format="feed")[1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--brand", default=str(ROOT / "brand_profiles" / "aurora-caffe"))
    parser.add_argument("--seconds", type=float, default=1.0)
    args = parser.parse_args()
    brand = load_brand(args.brand)
    with tempfile.TemporaryDirectory() as tmp:
        photo = synthetic_photo(Path(tmp))
        rows = run(composers(brand, photo), args.seconds)
    print_table(rows)


def run(table: dict[str, Callable[[str], Image.Image]], seconds: float) -> list[tuple]:
    rows = []
    for fmt in ("PNG", "JPEG"):
        for layout, compose in table.items():
            sample = compose(HEADLINE)
            size = sample.size
            base = rate(lambda i: image_bytes(Image.new("RGB", size, (91, 58, 41)), fmt), seconds)
            reencode = rate(lambda i: image_bytes(sample, fmt), seconds)
            same = rate(lambda i: image_bytes(compose(HEADLINE), fmt), seconds)
            varied = rate(lambda i: image_bytes(compose(f"{HEADLINE} #{i}"), fmt), seconds)
            rows.append((fmt, layout, size, base, reencode, same, varied))
    return rows


def print_table(rows: list[tuple]) -> None:
    print("| format | layout | size | encode-only img/s | re-encode ours img/s | compose+encode (same) img/s "
          "| ratio | compose+encode (varied) img/s | ratio | target | ok |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for fmt, layout, size, base, reencode, same, varied in rows:
        ratio_same, ratio_varied = base / same, base / varied
        ok = "yes" if ratio_same <= TARGET[fmt] else "NO"
        print(f"| {fmt} | {layout} | {size[0]}x{size[1]} | {base:.1f} | {reencode:.1f} | {same:.1f} | "
              f"{ratio_same:.2f}x | {varied:.1f} | {ratio_varied:.2f}x | {TARGET[fmt]}x | {ok} |")


if __name__ == "__main__":
    main()
