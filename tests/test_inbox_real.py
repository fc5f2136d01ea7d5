"""Triage on real messages nobody here wrote: a customer is not hidden for a link, a mention or a
phone number; a hide comes with its reason and is one correction from coming back; and on held-out
real data (never trained on) genuine messages are rarely labelled spam."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from contentkit.inbox import InboxItem, triage
from contentkit.inbox import corrections
from contentkit.inbox.classifier import decide, fitted, probabilities

NOW = datetime(2026, 12, 2, 12, 0, tzinfo=timezone.utc)
HELDOUT = Path(__file__).resolve().parent.parent / "bench" / "data" / "inbox_real_heldout.jsonl"


def item(text: str, id: str = "c1") -> InboxItem:
    return InboxItem(id=id, platform="x", author="someone", text=text, created_at=NOW - timedelta(hours=1),
                     post_id=None, row=1)


@pytest.mark.parametrize("text", [
    "@airline my flight was cancelled and nobody answers http://t.co/abc123",
    "@united cannot find my bag since yesterday, see the photo https://t.co/xYz #lostluggage",
    "@mts_ru весь день нет интернета, что случилось? t.me/mts_support",
])
def test_a_complaint_with_a_mention_and_a_link_is_not_hidden(text: str) -> None:
    [result] = triage([item(text)], now=NOW)
    assert result.label != "spam" and not result.hide
    assert result.priority <= 2  # answered first, not last


def test_a_genuine_message_with_a_phone_number_is_not_hidden() -> None:
    results = triage([item("@Brand ciao, il mio ordine non è arrivato, chiamatemi al +39 333 123 4567", "it"),
                      item("Call me at +39 333 123 4567 about my order please", "en")], now=NOW)
    by_id = {r.item.id: r for r in results}
    assert by_id["it"].label == "negative"
    assert not any(r.hide for r in results)


def test_a_hide_comes_with_the_phrasing_that_gave_it_away() -> None:
    [result] = triage([item("Hey guys check out my new channel and please subscribe!! http://youtu.be/abc")],
                      now=NOW)
    assert (result.label, result.hide, result.priority) == ("spam", True, 5)
    assert "known spam phrasing: “" in result.reason and result.evidence
    assert all(phrase in result.item.text.lower() for phrase in result.evidence)


def test_leading_handles_and_links_are_not_what_is_judged() -> None:
    text = "my flight was cancelled and nobody answers"
    plain, addressed = probabilities([text, f"@a @b @airline {text} https://t.co/abc"])
    assert abs(plain["spam"] - addressed["spam"]) < 1e-6


def test_a_correction_brings_a_hidden_message_back_at_the_next_fit() -> None:
    text = "Hey guys check out my new channel and please subscribe!! http://youtu.be/abc"
    assert decide(probabilities([text])[0]) == "spam"
    before = fitted()
    corrections.save(text, "question")
    assert corrections.load() == [{"text": text, "label": "question"}]
    assert fitted() is not before  # refitted with the correction
    assert decide(probabilities([text])[0]) == "question"


def test_a_torn_corrections_line_is_skipped() -> None:
    corrections.save("ciao", "praise")
    with corrections.path().open("a", encoding="utf-8") as handle:
        handle.write('{"text": "cut')
    assert corrections.load() == [{"text": "ciao", "label": "praise"}]
    with pytest.raises(ValueError, match="unknown label"):
        corrections.save("x", "rude")


def test_on_held_out_real_messages_genuine_ones_are_rarely_labelled_spam_and_never_hidden() -> None:
    # Real comments, tweets, SMS and Russian social-media sentences never trained on (bench/data).
    rows = [json.loads(line) for line in HELDOUT.read_text("utf-8").splitlines()]
    probs = probabilities([r["text"] for r in rows])
    labels = [decide(p) for p in probs]
    genuine = [i for i, r in enumerate(rows) if not r["spam"]]
    spam = [i for i, r in enumerate(rows) if r["spam"]]
    assert len(genuine) > 4000 and len(spam) > 300
    labelled_spam = sum(labels[i] == "spam" for i in genuine) / len(genuine)
    hidden = [rows[i]["text"] for i in genuine if labels[i] == "spam" and probs[i]["spam"] >= 0.95]
    assert labelled_spam <= 0.01
    assert len(hidden) / len(genuine) <= 0.003, hidden
    caught = sum(labels[i] == "spam" for i in spam) / len(spam)
    assert caught >= 0.8  # YouTube self-promotion and SMS phishing of a style the examples lacked


def test_on_the_page_a_spam_is_one_click_from_coming_back() -> None:
    from test_inbox_page import inbox_page, no_failures

    at = inbox_page()
    no_failures(at)
    before = list(at.dataframe[0].value["label"]).count("spam")
    buttons = [b for b in at.button if b.label == "Not spam"]
    assert len(buttons) == before > 0
    buttons[0].click().run()
    no_failures(at)
    assert list(at.dataframe[0].value["label"]).count("spam") == before - 1
    assert any("you said: not spam" in reason for reason in at.dataframe[0].value["reason"])
    assert len(corrections.load()) == 1


def test_the_cli_saves_a_correction_for_the_next_triage(capsys: pytest.CaptureFixture[str]) -> None:
    from cli_helpers import run

    code, out, err = run(capsys, "inbox", "triage", "--brand", "aurora-caffe")
    assert code == 0, err
    hint = next(line.strip() for line in out.splitlines() if line.strip().startswith("not spam? contentkit"))
    args = hint.removeprefix("not spam? contentkit ").split()
    code, out, err = run(capsys, *args)
    assert code == 0, err and "Saved" in out
    [saved] = corrections.load()
    code, out, _ = run(capsys, "inbox", "triage", "--brand", "aurora-caffe", "--json")
    rows = json.loads(out)
    assert next(r for r in rows if r["text"] == saved["text"])["label"] == "other"


def test_sentences_of_the_press_teach_sentiment_not_what_a_message_looks_like() -> None:
    from contentkit.inbox.classifier import REAL_SENTIMENT, _jsonl, training_set

    data = training_set()
    label_only = {data.texts[i] for i, sent in enumerate(data.comments or []) if not sent}
    press = [r for r in _jsonl(REAL_SENTIMENT) if r["source"] == "opensentimentcorpus"]
    assert len(press) > 4000 and all(r["text"] in label_only for r in press), "trained on, by the label model only"
    assert {r["label"] for r in press} <= {"negative", "praise", "other"}
    # Rhetorical questions of the press are left out: customers' questions stay questions.
    assert not any("?" in r["text"] for r in press)
    results = triage([item("Does Ledgerly sync with Xero, or only QuickBooks? We're moving next quarter.", "q"),
                      item("Ужасный сервис, третий день не могу дозвониться до поддержки", "ru")], now=NOW)
    by_id = {r.item.id: r for r in results}
    assert by_id["q"].label == "question" and by_id["ru"].label == "negative"


def test_praise_negated_is_a_complaint_and_a_question_asked_waits_as_one() -> None:
    from contentkit.inbox.classifier import asks
    from contentkit.inbox.signals import NAMES, signals

    praise, complaint = NAMES.index("positive_words"), NAMES.index("negative_words")
    for text in ("Support ticket open for 5 days, no answer. Not great.", "Non lo consiglio a nessuno",
                 "Обслуживание не лучшее"):
        assert signals(text)[praise] == 0 and signals(text)[complaint] > 0, text
    assert signals("not bad at all")[complaint] == 0 and signals("Great, thanks!")[praise] > 0
    # The ledgerly example's complaint ended "Not great." and read as praise (0.83).
    complaint_text = ("Third week in a row the bank reconciliation misses half our Stripe payouts. "
                      "Support ticket open for 5 days, no answer. Not great.")
    asked = "Do you have oat milk? I'm lactose intolerant but I'd love to try your cappuccino"
    first, second = probabilities([complaint_text, asked])
    assert decide(first, complaint_text) == "negative"
    assert asks(asked) and decide(second, asked) == "question"
    # Whatever its words read as, someone waits for the answer.
    warm = {"spam": 0.0, "negative": 0.05, "question": 0.05, "praise": 0.85, "other": 0.05}
    assert decide(warm) == "praise" and decide(warm, asked) == "question"
    assert not asks("What a morning! Best cappuccino in town") and not asks("Amazing?! Yes.")
    assert asks("А когда вы открываетесь? Очень ждём") and asks("Avete il latte di avena?")
    assert asks("Доброго дня! Чи є заняття для дітей з України, онлайн з Києва? Яка вартість?")
    assert asks("¿Tienen la interfaz en español? Tenemos oficina en Madrid.")


def test_a_long_question_is_a_question_and_a_customer_who_asks_is_never_spam() -> None:
    # Questions were learned from short invented examples only: any long message read as a
    # complaint. Real messages that ask (SMS, YouTube, Taiga, neutral tweets) now teach them.
    long_question = ("Hello! Do you have English lessons for a 12 year old who already speaks some English? "
                     "What does it cost?")
    billing = "Got charged twice this month for our subscription. Who do I talk to?"
    first, second = probabilities([long_question, billing])
    assert decide(first, long_question) == "question"
    assert second["spam"] < 0.95 and decide(second, billing) in ("negative", "question")


def test_what_the_customer_cannot_do_or_was_billed_twice_for_is_a_complaint() -> None:
    from contentkit.inbox.signals import NAMES, signals

    complaint = NAMES.index("negative_words")
    for text in ("I can't log in since Monday", "Non riesco ad accedere all'app", "Не могу зайти в личный кабинет",
                 "Got charged twice this month", "Mi avete addebitato due volte", "Списали дважды за месяц"):
        assert signals(text)[complaint] > 0, text
    # A problem told as a fact: what is down, who does not answer, how long the wait has been.
    for text in ("@virginmedia broadband down for 3 days", "Still waiting for an update", "My printer will not print",
                 "Non risponde nessuno da tre giorni", "Жду ответа третий день", "Никто не перезвонил"):
        assert signals(text)[complaint] > 0, text
    for text in ("I can't wait to try it!", "Couldn't be happier with the cake", "Не могу дождаться субботы!",
                 "Не могли бы вы подсказать расписание?", "Non vedo l'ora", "Missing you already!",
                 "I've been a customer for 5 years", "Is the site down?"):
        assert signals(text)[complaint] == 0, text
    # The sarcasm: a day without internet, then "thanks". It read as praise.
    sarcasm = "Весь день не могла зайти в интернет. Спасибо МТС"
    assert decide(probabilities([sarcasm])[0], sarcasm) == "negative"
    # The ledgerly example's billing complaint was a question (5%) read from its form alone.
    billing = "Got charged twice this month for our subscription. Who do I talk to?"
    assert decide(probabilities([billing])[0], billing) == "negative"


def test_a_complaint_told_as_a_story_is_chosen_from_two_thirds_of_the_likeliest_label() -> None:
    from contentkit.inbox.classifier import COMPLAINT_WEIGHT

    # A complaint costs more to miss than to show: it wins from 1/COMPLAINT_WEIGHT of the other.
    described = {"spam": 0.0, "negative": 0.38, "question": 0.02, "praise": 0.02, "other": 0.55}
    assert 0.55 / 0.38 < COMPLAINT_WEIGHT and decide(described) == "negative"
    warm = {"spam": 0.0, "negative": 0.32, "question": 0.0, "praise": 0.62, "other": 0.06}
    assert decide(warm) == "praise"
    # The shkola-umnikov example: a week's wait and a son losing interest, no word of sentiment.
    # It read as "other" (0.59 against 0.33).
    waiting = "Домашку по Python проверяют неделю, сын теряет интерес. Оплатили модуль, а обратной связи нет."
    assert decide(probabilities([waiting])[0], waiting) == "negative"


def test_the_second_reading_keeps_no_words_of_sets_that_may_not_be_copied() -> None:
    # Most of the bench's real sets are for evaluation only: the second reading names each
    # comment by a hash of its text, and must never carry the text itself.
    reread = HELDOUT.with_name("inbox_reread.jsonl")
    rows = [json.loads(line) for line in reread.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 600
    for row in rows:
        assert set(row) == {"key", "lang", "reading", "sure"}
        assert len(row["key"]) == 16 and int(row["key"], 16) >= 0
        assert row["lang"] in ("en", "it", "ru") and row["reading"] in ("negative", "praise", "other")
    assert len({row["key"] for row in rows}) == len(rows)
