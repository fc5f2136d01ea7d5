"""Build the inbox's real training files and the committed part of its held-out test, from the sources.

Run once by a maintainer when a source changes; the results are committed (every source here
allows redistribution, see docs/licences/inbox-data.md). RAW is a folder holding the files as
published (names as in the sources' repositories):

    Youtube01-Psy.csv ... Youtube05-Shakira.csv   UCI YouTube Spam Collection (CC BY 4.0)
    SMSSpamCollection                             UCI SMS Spam Collection (CC BY 4.0), tab-separated
    xlmt_{english,italian}_{train,val,test}_{text,labels}.txt
                                                  cardiffnlp/xlm-t data/sentiment/<lang>/<split>_<kind>.txt (Apache-2.0)
    hutto_ICWSM_2014/tweets_GroundTruth.txt       cjhutto/vaderSentiment additional_resources (MIT)
    taiga-{dev,test}.conllu                       UniversalDependencies/UD_Russian-Taiga ru_taiga-ud-{dev,test}.conllu
                                                  (CC BY-SA 4.0): its social-media sentences (Instagram)
    enti-{train,test}.csv                         collab-uniba/Benchmark_sentimentAnalysis_ITA @ a4dcbc0
                                                  data/processed/Enti/{train,test}.csv (MIT): Italian tweets to
                                                  public agencies, with their sentiment (the test split held out)
    gold_HappyParents.csv                         mirkolai/Happy-Parents @ 87c3229 (Apache-2.0): Italian tweets
                                                  about parenthood, with their polarity
    opensentimentcorpus-final-by-majority.csv     yarfruct/open-sentiment-corpus @ 316733d
                                                  (CC BY-SA 3.0): Russian sentences of OpenCorpora, each
                                                  with the sentiment most of three readers or more gave it

What is held out (never trained on): YouTube file 05 (Shakira); the SMS collection after its
first 4,000 messages; the xlm-t test splits; every fifth VADER tweet; the Taiga test split.
Taiga's sentences carry no sentiment label: they teach the spam model what genuine Russian
comments look like, and their emoji and emoticons give a weak (distant) praise/complaint label.
Usage: python bench/build_inbox_data.py RAW
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TRAIN = ROOT / "contentkit" / "data" / "inbox"
HELDOUT = ROOT / "bench" / "data" / "inbox_real_heldout.jsonl"
SMS_TRAIN_LINES = 4000
YOUTUBE_TRAIN = ("01-Psy", "02-KatyPerry", "03-LMFAO", "04-Eminem")
XLMT_LABELS = {"0": "negative", "1": "other", "2": "praise"}
XLMT_LANGS = {"english": "en", "italian": "it"}


def youtube(raw: Path, name: str) -> list[dict]:
    with (raw / f"Youtube{name}.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    key = "CLASS" if "CLASS" in rows[0] else "label"
    source = f"uci-youtube-{name.split('-')[0]}"
    return [{"text": r["CONTENT"].strip(), "spam": r[key] == "1", "lang": "en", "source": source} for r in rows]


def sms(raw: Path) -> list[dict]:
    lines = (raw / "SMSSpamCollection").read_text("utf-8").splitlines()
    if lines and lines[0].startswith("Label\t"):  # some copies add a header line; the original has none
        lines = lines[1:]
    out = []
    for number, line in enumerate(lines, start=1):
        label, text = line.split("\t", 1)
        out.append({"text": text.strip(), "spam": label == "spam", "lang": "en", "source": "uci-sms",
                    "line": number})
    return out


def xlmt(raw: Path, language: str, split: str) -> list[dict]:
    texts = (raw / f"xlmt_{language}_{split}_text.txt").read_text("utf-8").splitlines()
    labels = (raw / f"xlmt_{language}_{split}_labels.txt").read_text("utf-8").splitlines()
    return [{"text": t.strip(), "label": XLMT_LABELS[l.strip()], "spam": False, "lang": XLMT_LANGS[language],
             "source": f"xlm-t-{language}-{split}"} for t, l in zip(texts, labels, strict=True)]


def vader(raw: Path) -> tuple[list[dict], list[dict]]:
    """VADER's 4,200 tweets with a mean human rating -4..4: clear ratings as praise or complaint."""
    train, heldout = [], []
    lines = (raw / "hutto_ICWSM_2014" / "tweets_GroundTruth.txt").read_text("utf-8", errors="replace").splitlines()
    for line in lines:
        number, score, text = line.split("\t", 2)
        value = float(score)
        label = "praise" if value >= 1.0 else "negative" if value <= -1.0 else "other"
        row = {"text": text.strip(), "label": label, "spam": False, "lang": "en", "source": "vader-tweets"}
        (heldout if int(number) % 5 == 0 else train).append(row)
    return train, heldout


def taiga(raw: Path, split: str) -> list[dict]:
    """The social-media sentences of a UD Russian Taiga split (dev: sent_id "instagram...", test: genre social)."""
    out, genre = [], ""
    for block in (raw / f"taiga-{split}.conllu").read_text("utf-8").split("\n\n"):
        meta = dict(line[2:].split(" = ", 1) for line in block.splitlines() if line.startswith("# ") and " = " in line)
        genre = meta.get("genre", genre)
        social = meta.get("sent_id", "").startswith("instagram") or genre == "social"
        if social and meta.get("text"):
            out.append({"text": meta["text"].strip(), "spam": False, "lang": "ru", "source": f"ud-taiga-{split}",
                        "label": distant_label(meta["text"])})
    return out


OPEN_SENTIMENT = {"negative": "negative", "positive": "praise", "neutral": "other"}


def open_sentiment(raw: Path) -> list[dict]:
    """OpenSentimentCorpus: Russian sentences of the press with a majority sentiment ("mixed"
    left out), the one real Russian sentiment data found whose licence allows shipping a model
    trained on it. Its questions, and its sentences that open as a question would ("Как…",
    "Что…"), are left out: in the press they are rhetorical and mostly negative, and taught as
    such they made customers' questions in every language read as complaints."""
    from contentkit.inbox.signals import QUESTION_START

    with (raw / "opensentimentcorpus-final-by-majority.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [{"text": r["Sentence"].strip(), "label": OPEN_SENTIMENT[r["Sentiment"]], "spam": False, "lang": "ru",
             "source": "opensentimentcorpus"} for r in rows
            if r["Sentiment"] in OPEN_SENTIMENT and "?" not in r["Sentence"]
            and not QUESTION_START.search(r["Sentence"].strip())]


ENTI = {"neg": "negative", "neg_ir": "negative", "pos": "praise", "pos_ir": "praise", "neut": "other"}


def enti(raw: Path, split: str) -> list[dict]:
    """Italian tweets to public agencies (INPS, INAIL, Protezione Civile) with their final class,
    ironic ones with the polarity they mean ("misto" left out); the original tweet, as written."""
    with (raw / f"enti-{split}.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [{"text": r["tweetOrig"].strip(), "label": ENTI[r["Final_Class"]], "spam": False, "lang": "it",
             "source": f"uniba-enti-{split}"} for r in rows if r["Final_Class"] in ENTI and r["tweetOrig"].strip()]


HAPPY_PARENTS = {"POS": "praise", "HUMPOS": "praise", "NEG": "negative", "HUMNEG": "negative", "NONE": "other"}


def happy_parents(raw: Path) -> list[dict]:
    """Italian tweets about parenthood with their polarity, humorous ones with the polarity they
    carry ("MIXED" left out)."""
    with (raw / "gold_HappyParents.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [{"text": r["text"].strip(), "label": HAPPY_PARENTS[r["polarity"]], "spam": False, "lang": "it",
             "source": "happy-parents"} for r in rows if r["polarity"] in HAPPY_PARENTS and r["text"].strip()]


POSITIVE_MARKS = ("😍", "❤", "🥰", "😊", "😃", "😄", "👍", "👏", "🔥", "💕", "😘", "))", ":)", "спасибо")
NEGATIVE_MARKS = ("😡", "😠", "👎", "😞", "😢", "😭", "😒", "((", ":(")


def distant_label(text: str) -> str | None:
    """praise / negative from the emoji and emoticons alone, None when there are none or both kinds."""
    lowered = text.lower()
    positive = any(mark in lowered for mark in POSITIVE_MARKS)
    negative = any(mark in lowered for mark in NEGATIVE_MARKS)
    return None if positive == negative else "praise" if positive else "negative"


def write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{path.relative_to(ROOT)}: {len(rows)} rows")


def main() -> None:
    raw = Path(sys.argv[1])
    messages = sms(raw)
    spam_train = [r for name in YOUTUBE_TRAIN for r in youtube(raw, name)]
    spam_train += [r for r in messages if r["line"] <= SMS_TRAIN_LINES]
    vader_train, vader_heldout = vader(raw)
    sentiment_train = [r for language in XLMT_LANGS for split in ("train", "val") for r in xlmt(raw, language, split)]
    sentiment_train += vader_train + open_sentiment(raw) + enti(raw, "train") + happy_parents(raw)
    heldout = youtube(raw, "05-Shakira") + [r for r in messages if r["line"] > SMS_TRAIN_LINES]
    heldout += enti(raw, "test")
    heldout += [r for language in XLMT_LANGS for r in xlmt(raw, language, "test")] + vader_heldout
    spam_train += taiga(raw, "dev")
    heldout += [{k: v for k, v in r.items() if k != "label"} for r in taiga(raw, "test")]  # no human label
    write(TRAIN / "real_spam.jsonl", [{k: r[k] for k in ("text", "spam", "lang", "source", "label") if k in r}
                                      for r in spam_train])
    write(TRAIN / "real_sentiment.jsonl", [{k: r[k] for k in ("text", "label", "lang", "source")}
                                           for r in sentiment_train])
    write(HELDOUT, [{k: r[k] for k in ("text", "label", "spam", "lang", "source") if k in r} for r in heldout])


if __name__ == "__main__":
    main()
