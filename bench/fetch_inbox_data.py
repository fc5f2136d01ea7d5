"""Fill the cache with the inbox's evaluation-only data: real labelled messages we may not redistribute.

These sets are read by bench/inbox.py to measure the triage, never trained on and never
committed (see docs/licences/inbox-data.md for each one's terms):

- Twitter US Airline Sentiment (Crowdflower "Data for Everyone"; Kaggle copy CC BY-NC-SA 4.0):
  English tweets to six airlines, labelled negative / neutral / positive. The complaints a
  brand receives.
- SentiRuEval-2016 (Loukachevitch & Rubtsova; no licence stated): Russian tweets about
  telecom operators and banks, a sentiment per company mentioned.
- RuSentiTweet (Smetanin 2022; no licence stated): general-domain Russian tweets,
  positive / neutral / negative / speech act / skip.
- Complaints on social media (Preotiuc-Pietro, Gaman & Aletras, ACL 2019; no licence stated):
  English tweets to 93 customer-support accounts in nine domains, and random tweets, each
  labelled complaint or not by two annotators. Complaints beyond airlines.
- MultiEmotions-It (Sprugnoli 2020; CC BY-NC-SA 4.0): Italian comments on YouTube music videos
  and on YouTube and Facebook advertisements, positive / negative / neutral / unrelated. What a
  brand's Italian posts get.

Downloads the files at pinned commits (needs the internet once), or with --from DIR copies
them from a folder where they were saved under the names in SOURCES. Writes one JSONL per set
to the cache folder (CONTENTKIT_HOME, default ~/.cache/contentkit) under bench-inbox/.
Usage: python bench/fetch_inbox_data.py [--from DIR]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import shutil
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

from contentkit.config import user_dir

RAW = "https://raw.githubusercontent.com"
SOURCES = {
    "airline.csv": f"{RAW}/AyushDhatwalia/Twitter-Airline-Sentiment/97f2cfe60c6d87fd2211c2975ea29817e972ceed/Tweets.csv",
    "tkk_test_etalon.xml": f"{RAW}/mokoron/sentirueval/95b24c09f55a072cc83cb1f05ceac235905bdf01/tkk_test_etalon.xml",
    "banks_test_etalon.xml": f"{RAW}/mokoron/sentirueval/95b24c09f55a072cc83cb1f05ceac235905bdf01/banks_test_etalon.xml",
    "rusentitweet_full.csv": f"{RAW}/sismetanin/rusentitweet/bb714550c20f29cdab8ed6378bae15f4790f1b6d/rusentitweet_full.csv",
    "MultiEmotions-It.tsv":
        f"{RAW}/RacheleSprugnoli/Esercitazioni_SA/3f9816373fd4616ed8e1b36678823eb930d75e2e/dataset/MultiEmotions-It.tsv",
    "complaints-data.csv":
        f"{RAW}/danielpreotiuc/complaints-social-media/54e3402c129341809b7f1d9889d9311c3f1c1c16/complaints-data.csv",
}
SENTIMENT = {"negative": "negative", "neutral": "other", "positive": "praise", "-1": "negative", "0": "other",
             "1": "praise"}


def cache_dir() -> Path:
    """Where the evaluation-only sets live on this machine."""
    return user_dir() / "bench-inbox"


def airline(raw: bytes) -> list[dict]:
    rows = csv.DictReader(io.StringIO(raw.decode("utf-8")))
    return [{"text": r["text"], "label": SENTIMENT[r["airline_sentiment"]], "spam": False, "lang": "en",
             "source": "airline"} for r in rows]


def sentirueval(raw: bytes, name: str) -> list[dict]:
    """Tweets whose mentioned companies all get the same sentiment (a tweet praising one
    operator and blaming another has no single label)."""
    out = []
    for table in ET.fromstring(raw).iter("table"):
        columns = {c.get("name"): (c.text or "") for c in table.iter("column")}
        if "text" not in columns:
            continue
        values = {v for k, v in columns.items() if k not in ("id", "twitid", "date", "text") and v != "NULL"}
        if len(values) == 1:
            out.append({"text": columns["text"], "label": SENTIMENT[values.pop()], "spam": False, "lang": "ru",
                        "source": f"sentirueval-{name}"})
    return out


def rusentitweet(raw: bytes) -> list[dict]:
    rows = csv.DictReader(io.StringIO(raw.decode("utf-8")))
    return [{"text": r["text"], "label": SENTIMENT[r["label"]], "spam": False, "lang": "ru", "source": "rusentitweet"}
            for r in rows if r["label"] in SENTIMENT]


def complaints(raw: bytes) -> list[dict]:
    """Rows of id, text, 1 or 0 (complaint or not) and the domain; "random_reply" and
    "random_tweet" are tweets to nobody in particular, the rest were sent to a support account."""
    return [{"text": text, "complaint": flag == "1", "domain": domain, "spam": False, "lang": "en",
             "source": "complaints"} for _, text, flag, domain in csv.reader(io.StringIO(raw.decode("utf-8")))]


def multiemotions(raw: bytes) -> list[dict]:
    """Comments with one polarity (both positive and negative left out); neutral and unrelated
    comments are "other"."""
    out = []
    for r in csv.DictReader(io.StringIO(raw.decode("utf-8")), delimiter="\t", quoting=csv.QUOTE_NONE):
        if r["POS"] == "1" and r["NEG"] == "1":
            continue
        label = "praise" if r["POS"] == "1" else "negative" if r["NEG"] == "1" else "other"
        out.append({"text": r["comment"], "label": label, "spam": False, "lang": "it", "source": "multiemotions-it",
                    "where": r["type"]})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="folder", type=Path, help="copy the files from this folder instead")
    args = parser.parse_args()
    target = cache_dir()
    target.mkdir(parents=True, exist_ok=True)
    raw: dict[str, bytes] = {}
    for name, url in SOURCES.items():
        if args.folder:
            raw[name] = (args.folder / name).read_bytes()
        else:
            with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - pinned https URLs
                raw[name] = response.read()
    sets = {"airline": airline(raw["airline.csv"]),
            "sentirueval": sentirueval(raw["tkk_test_etalon.xml"], "telecom")
            + sentirueval(raw["banks_test_etalon.xml"], "banks"),
            "rusentitweet": rusentitweet(raw["rusentitweet_full.csv"]),
            "complaints": complaints(raw["complaints-data.csv"]),
            "multiemotions": multiemotions(raw["MultiEmotions-It.tsv"])}
    for name, rows in sets.items():
        scratch = target / f".{name}.jsonl.tmp"
        with scratch.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        shutil.move(scratch, target / f"{name}.jsonl")
        print(f"{target / name}.jsonl: {len(rows)} rows")


if __name__ == "__main__":
    main()
