"""Big inputs: one oversized row does not sink a file, and a long fit says where it is."""

from __future__ import annotations

import csv
from pathlib import Path

from cli_helpers import run

import contentkit as ck
from contentkit.hashtags.suggester import FIT_STEPS, HashtagSuggester
from contentkit.inbox.items import MAX_TEXT

AURORA = Path(__file__).resolve().parent.parent / "brand_profiles" / "aurora-caffe" / "history.csv"


def test_one_comment_over_the_csv_cell_limit_is_skipped_and_named(tmp_path: Path) -> None:
    path = tmp_path / "comments.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "platform", "author", "text", "created_at"])
        for i in range(2000):
            text = "x" * 200_000 if i == 1234 else f"Buongiorno! Il cornetto numero {i} era ottimo ☕"
            writer.writerow([i, "instagram", f"user{i}", text, "2026-12-01T10:00:00"])
    inbox = ck.load_inbox(path)
    assert len(inbox.items) == 1999
    assert [(p.row, p.column) for p in inbox.problems] == [(1235, "text")]
    assert f"200,000 characters long, more than the {MAX_TEXT:,}" in str(inbox.problems[0])


def test_an_inbox_json_with_one_huge_comment_keeps_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "comments.json"
    path.write_text('[{"text": "ottimo caffè"}, {"text": "' + "y" * (MAX_TEXT + 1) + '"}, {"text": "grazie!"}]',
                    encoding="utf-8")
    inbox = ck.load_inbox(path)
    assert [i.text for i in inbox.items] == ["ottimo caffè", "grazie!"]
    assert [p.row for p in inbox.problems] == [2]


def test_a_fit_reports_its_steps() -> None:
    seen: list[tuple[int, str]] = []
    HashtagSuggester().fit(AURORA, progress=lambda step, steps, what: seen.append((step, what)))
    assert [s for s, _ in seen] == list(range(FIT_STEPS + 1))
    assert seen[-1][1] == "done"


def test_hashtags_train_shows_its_progress(tmp_path: Path, capsys) -> None:
    code, out, err = run(capsys, "hashtags", "train", "--history", str(AURORA), "--out", str(tmp_path / "m"))
    assert code == 0 and "Learned" in out
    assert "Reading" in err and "Learning: the text of tagged posts" in err and "Saving" in err


def test_hashing_by_words_equals_the_vectorizer_to_the_last_bit() -> None:
    from contentkit.hashtags import features as feats

    texts = ["Nuovo latte  al pistacchio ☕☕", "Новый\tкурс\n\nдля детей", "", "   ", "solo", "Nuovo latte",
             "parola " * 200, "emoji🙂dentro una parola", "CAPS and caps"]
    vectorizer = feats.vectorizer((2, 4))
    fast = feats.hashed(vectorizer, texts)
    slow = vectorizer.transform([t[:feats.MAX_CHARS] for t in texts]).tocsr()
    slow.sort_indices()
    assert fast.shape == slow.shape and (fast != slow).nnz == 0
    assert (fast.indptr == slow.indptr).all() and (fast.indices == slow.indices).all()
