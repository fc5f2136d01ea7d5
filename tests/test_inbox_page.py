"""The Inbox page through streamlit's AppTest, with a scripted backend injected as test_app.py does."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from contentkit.llm.base import Messages
from contentkit.llm.fake import FakeBackend
from contentkit.ui.state import INJECTED_BACKEND

ROOT = Path(__file__).resolve().parent.parent
ANSWERS = {"complaint": "Ci dispiace davvero per l'attesa, non è così che doveva andare.",
           "compliment": "Grazie di cuore, ci fa davvero piacere!",
           "question": "Bella domanda! Ti rispondiamo in privato con tutti i dettagli."}


def answer(messages: Messages) -> str:
    asked = messages[-1]["content"]
    return next(text for kind, text in ANSWERS.items() if f"reply to this {kind}" in asked)


def inbox_page(backend: FakeBackend | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state[INJECTED_BACKEND] = backend or FakeBackend(default=answer)
    at.query_params["page"] = "inbox"
    return at.run()


def no_failures(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def test_the_example_inbox_is_a_table_by_priority_with_the_mix_of_classes() -> None:
    at = inbox_page()
    no_failures(at)
    assert at.title[0].value == "Inbox"
    table = at.dataframe[0].value
    assert len(table) == 17
    assert list(table["priority"]) == sorted(table["priority"])
    assert {"spam", "negative", "question", "praise"} <= set(table["label"])
    assert list(table.columns[:4]) == ["priority", "label", "confidence", "language"]
    assert len(at.get("vega_lite_chart")) == 1, "the chart of the mix of classes"
    assert at.button(key="ck_inbox_draft").label == "Draft replies"


def test_replies_are_drafted_edited_and_ticked_off() -> None:
    backend = FakeBackend(default=answer)
    at = inbox_page(backend)
    at.button(key="ck_inbox_draft").click().run()
    no_failures(at)
    replies = [t for t in at.text_area if (t.key or "").endswith("_reply")]
    assert replies and all(t.value for t in replies)
    assert backend.prompts, "the model was asked"
    captions = " ".join(c.value for c in at.caption)
    assert "Hide or delete (spam)" in captions and "Reply, then take it to DM" in captions
    assert "the model's words" in captions and "words a person wrote" in captions  # the canned answers
    complaint = next(t for t in replies if t.value.startswith(ANSWERS["complaint"]))
    assert complaint.value.endswith("ciao@auroracaffe.it con i dettagli, così sistemiamo insieme.")

    complaint.input("Ci dispiace, Francesca: ti scriviamo subito in privato.").run()
    edited = next(t for t in at.text_area if t.key == complaint.key)
    assert edited.value == "Ci dispiace, Francesca: ti scriviamo subito in privato."
    assert any(c.value == edited.value for c in at.code), "the copy box follows the edit"

    done = at.checkbox(key=complaint.key.replace("_reply", "_done"))
    done.check().run()
    no_failures(at)
    assert "1 of 17 done" in " ".join(c.value for c in at.caption)
    assert at.dataframe[0].value["done"].sum() == 1
    at.toggle(key="ck_inbox_hide_done").set_value(True).run()
    assert complaint.key not in {t.key for t in at.text_area}, "a done item is hidden"
    assert "ck_inbox_draft" not in {b.key for b in at.button}, "nothing is left to draft"


def test_pasted_comments_are_triaged() -> None:
    at = inbox_page()
    at.radio(key="ck_inbox_source").set_value("paste").run()
    at.text_area(key="ck_inbox_paste").input("Quanto costa il corso di latte art?\n"
                                             "Guadagna 500€ al giorno da casa!! bit.ly/soldi\n"
                                             "Grazie, colazione perfetta!").run()
    no_failures(at)
    table = at.dataframe[0].value
    assert len(table) == 3 and "spam" in set(table["label"])



def _pasted(backend: object, comments: str) -> AppTest:
    """The Inbox page with ``backend`` injected and ``comments`` pasted, triaged."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state[INJECTED_BACKEND] = backend
    at.query_params["page"] = "inbox"
    at.run()
    at.radio(key="ck_inbox_source").set_value("paste").run()
    at.text_area(key="ck_inbox_paste").input(comments).run()
    return at


def test_the_model_reads_the_comments_on_request_and_its_reading_is_weighed_in() -> None:
    from scripted_server import ScriptedServer, first_tokens

    from contentkit.llm.openai_backend import OpenAIBackend

    def read(body: dict) -> object:
        comment = body["messages"][-1]["content"]
        if "Quanto costa" in comment:
            return first_tokens({"neutral": -0.05, "negative": -3.5, "positive": -5.0})
        if "Grazie" in comment:
            return first_tokens({"positive": -0.05, "neutral": -3.5, "negative": -5.0})
        return first_tokens({"negative": -0.01, "neutral": -5.0, "positive": -7.0})

    with ScriptedServer() as server:
        server.queue(*[read] * 3)
        at = _pasted(OpenAIBackend("scripted-model", base_url=server.url, max_retries=0),
                     "Quanto costa il corso di latte art?\n"
                     "Guadagna 500€ al giorno da casa!! bit.ly/soldi\n"
                     "boh, vediamo\n"
                     "Grazie, colazione perfetta!")
        before = dict(zip(at.dataframe[0].value["text"], at.dataframe[0].value["label"]))
        at.button(key="ck_inbox_read").click().run()
        no_failures(at)
        assert len(server.requests) == 3, "every comment but the spam was read"
    table = at.dataframe[0].value
    labels = dict(zip(table["text"], table["label"]))
    assert before["boh, vediamo"] != "negative"
    assert labels["boh, vediamo"] == "negative"
    assert labels["Guadagna 500€ al giorno da casa!! bit.ly/soldi"] == "spam"
    assert sum("LLM" in reason for reason in table["reason"]) == 3
    assert "Labels weighed with what" in " ".join(c.value for c in at.caption)
    assert "ck_inbox_read" not in {b.key for b in at.button}


def test_the_caption_says_how_many_comments_a_model_of_one_language_read() -> None:
    from scripted_server import ScriptedServer, first_tokens

    from contentkit.llm.openai_backend import OpenAIBackend

    class EnglishOnly(OpenAIBackend):
        def languages(self) -> frozenset[str]:
            return frozenset({"en"})

    with ScriptedServer() as server:
        server.queue(first_tokens({"negative": -0.01, "neutral": -5.0, "positive": -7.0}))
        at = _pasted(EnglishOnly("scripted-model", base_url=server.url, max_retries=0),
                     "The cake was dry and two hours late\nТорт был сухой и опоздал на два часа")
        at.button(key="ck_inbox_read").click().run()
        no_failures(at)
        assert len(server.requests) == 1
    assert "read in 1 of the 2 comments not labelled spam" in " ".join(c.value for c in at.caption)
