"""Replies made of words a person wrote, where the backend's own are not worth asking for:
the small embedded models' complaint and compliment replies outside English, and their answers
to questions the profile does not answer (docs/models.md, session 10)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

import contentkit as ck
from contentkit.errors import BrandError
from contentkit.inbox.items import InboxItem
from contentkit.inbox.own_words import APOLOGIES, ASK_PRIVATELY, THANKS, first_name, with_name
from contentkit.inbox.replies import NO_ANSWER_ASKED_TO_WRITE, READ_THE_COMPLAINT, draft_replies
from contentkit.inbox.triage import Triaged
from contentkit.llm import catalog
from contentkit.llm.fake import FakeBackend
from contentkit.llm.llama_server import LlamaServerBackend
from contentkit.llm.local import LocalBackend
from contentkit.llm.openai_backend import OpenAIBackend

from brand_factory import example_data, write_brand


class EnglishOnly(FakeBackend):
    """A backend whose replies are worth asking for in English only, as the embedded default's."""

    def writes_replies(self, language: str) -> bool:
        return language == "en"

    def answers_questions(self) -> bool:
        return False


def triaged(text: str, label: str, language: str = "it", *, id: str = "c1", author: str = "giulia.m",
            confidence: float = 0.9) -> Triaged:
    item = InboxItem(id=id, platform="instagram", author=author, text=text,
                     created_at=datetime(2026, 11, 29, 9, 0, tzinfo=UTC), post_id="p1", row=1)
    return Triaged(item=item, label=label, confidence=confidence, language=language, priority=2, reason="",
                   hide=False)


@pytest.fixture(scope="module")
def aurora() -> ck.BrandProfile:
    return ck.load_brand("aurora-caffe")


@pytest.mark.parametrize(("author", "name"), [
    ("Paolo Ferri", "Paolo"), ("Павел Н.", "Павел"), ("Татьяна Ивановна", "Татьяна Ивановна"), ("Иван Петрович Сидоров", "Иван Петрович"),
    ("Дмитрий Орлов", "Дмитрий"), ("Sarah O'Connor", "Sarah"),
    ("Сергей", "Сергей"), ("giulia.m", None), ("@cfo_mike", None), ("follow.back.now", None), ("ANNA", None),
    ("Anna 🌸", "Anna"), ("🌸 Giulia Bianchi ✨", "Giulia"), ("anna🌸", None), ("crypto.king.official", None), ("", None), ("Jean Claude Van Damme", None),
])
def test_a_first_name_comes_from_a_display_name_never_from_a_handle(author: str, name: str | None) -> None:
    assert first_name(author) == name


def _every_text() -> list[str]:
    texts = [text for table in (APOLOGIES, THANKS) for variants in table.values() for text in variants]
    asks = [(start + contact + end).replace("{contact}", "ciao@example.com") for start, contact, end in
            ASK_PRIVATELY.values()]
    return texts + asks + ["".join((start, end)) for start, _, end in ASK_PRIVATELY.values()]


@pytest.mark.parametrize("text", _every_text())
def test_every_table_line_reads_with_a_name_and_without_one(text: str) -> None:
    named = with_name(text, "Chiara")
    assert "Chiara" in named and "{" not in named
    bare = with_name(text, None)
    assert "{" not in bare and "  " not in bare
    assert not re.search(r",\s*[,!.:?]|^\W*[,:]", bare), bare  # no comma left hanging where the name was
    assert bare.lstrip("¡")[0].isupper()


def test_a_complaint_and_a_compliment_get_the_profiles_words_and_the_model_is_not_asked(
        aurora: ck.BrandProfile) -> None:
    model = EnglishOnly()
    complaint, compliment = draft_replies([
        triaged("Sabato ho aspettato 25 minuti e il cappuccino è arrivato freddo.", "negative",
                author="Francesca Rinaldi"),
        triaged("Grazie a Giulia per il cuore sul cappuccino!", "praise", id="c2", author="Chiara Colombo"),
    ], aurora, backend=model)
    assert model.prompts == []
    assert complaint.action == "reply+dm"
    assert complaint.text.endswith("Scrivici in privato o a ciao@auroracaffe.it con i dettagli, così sistemiamo insieme.")
    assert any(with_name(a, "Francesca") in complaint.text for a in APOLOGIES["it"])
    assert compliment.text in {with_name(t, "Chiara") for t in THANKS["it"]} and compliment.action == "reply"
    # Words a person wrote, on a label the classifier is sure of: a thank-you goes out unread; an
    # apology waits for a person, since strong praise ("Una droga!!") can read as a complaint.
    assert not compliment.needs_review and not compliment.problems
    assert complaint.needs_review and complaint.problems == (READ_THE_COMPLAINT,)
    assert complaint.language == compliment.language == "it"
    assert complaint.written_by == compliment.written_by == "person"


def test_the_model_still_writes_where_its_replies_are_worth_having(aurora: ck.BrandProfile) -> None:
    model = EnglishOnly(default="Thank you so much! We're glad you enjoyed the filter coffee.")
    [draft] = draft_replies([triaged("Best filter coffee of my trip. Thank you!", "praise", "en")], aurora,
                            backend=model)
    assert len(model.prompts) == 1 and "filter coffee" in draft.text and draft.needs_review
    assert draft.written_by == "model"


def test_a_question_the_profile_cannot_answer_asks_them_to_write_and_waits_for_a_person(
        aurora: ck.BrandProfile) -> None:
    model = EnglishOnly()
    unanswered, canned = draft_replies([
        triaged("Fate anche torte per compleanni? Servirebbe per sabato prossimo", "question", author="roberto_s"),
        triaged("A che ora aprite la domenica?", "question", id="c2"),
    ], aurora, backend=model)
    assert model.prompts == []
    assert unanswered.text == ("Grazie della domanda! Scrivici in privato o a ciao@auroracaffe.it "
                               "e ti rispondiamo con tutti i dettagli.")
    assert unanswered.needs_review and NO_ANSWER_ASKED_TO_WRITE in unanswered.problems
    assert canned.text.startswith("Siamo aperti") and not canned.needs_review
    assert unanswered.written_by == canned.written_by == "person"


def test_a_guessed_label_still_waits_for_a_person(aurora: ck.BrandProfile) -> None:
    [draft] = draft_replies([triaged("Mah, sabato…", "negative", confidence=0.4)], aurora, backend=EnglishOnly())
    assert draft.needs_review and "is a guess" in draft.problems[0]


def test_compliments_are_spread_over_the_thanks_and_a_rerun_writes_the_same(aurora: ck.BrandProfile) -> None:
    items = [triaged("Buonissimo!", "praise", id=f"c{i}") for i in range(12)]
    first = [d.text for d in draft_replies(items, aurora, backend=EnglishOnly())]
    assert len(set(first)) == len(THANKS["it"])
    assert [d.text for d in draft_replies(items, aurora, backend=EnglishOnly())] == first


def _brand_with(tmp_path: Path, replies: dict[str, Any], language: str = "it") -> ck.BrandProfile:
    data = example_data()
    data["replies"] = replies
    data["language"], data["other_languages"] = language, []
    return ck.load_brand(write_brand(tmp_path / "prova", data))


def test_the_profiles_own_apology_and_thanks_are_used_as_written(tmp_path: Path) -> None:
    brand = _brand_with(tmp_path, {"complaints": {"apology": "Ci scusi, {name}: non doveva succedere."},
                                   "thanks": {"it": "Grazie infinite, {name}!"}})
    complaint, compliment = draft_replies([
        triaged("Servizio lentissimo.", "negative", author="Paolo Ferri"),
        triaged("Che meraviglia", "praise", id="c2", author="anna_brunch"),
    ], brand, backend=EnglishOnly())
    # No DM policy: the apology says what the brand wants to do instead.
    assert complaint.text == "Ci scusi, Paolo: non doveva succedere. Vogliamo capire cosa è successo e rimediare."
    assert complaint.action == "reply"
    assert compliment.text == "Grazie infinite!"


def test_a_language_without_a_table_is_left_to_the_model(tmp_path: Path) -> None:
    brand = _brand_with(tmp_path, {}, language="pt")
    said = "Muito obrigado pelo carinho, ficamos muito felizes com a sua visita!"
    model = EnglishOnly(default=said)
    [draft] = draft_replies([triaged("Adorei o café de vocês!", "praise", "pt")], brand, backend=model)
    assert model.prompts and draft.text == said and draft.needs_review


def test_a_profile_apology_without_the_brands_language_is_refused_with_the_field_named(tmp_path: Path) -> None:
    with pytest.raises(BrandError, match=r"replies\.complaints\.apology.*none for it"):
        _brand_with(tmp_path, {"complaints": {"apology": {"en": "Sorry!"}}})


def test_which_models_write_which_replies() -> None:
    default = LlamaServerBackend(catalog.QWEN_CODER_15B.name)
    assert default.writes_replies("en") and not default.writes_replies("it") and not default.writes_replies("ru")
    assert not default.answers_questions()
    tiny = LlamaServerBackend(catalog.SMOLLM2_135M.name)
    assert not tiny.writes_replies("en") and not tiny.answers_questions()
    assert not LocalBackend().writes_replies("en")
    # Models nobody here has graded are asked, and their replies read before posting.
    other = OpenAIBackend(model="gpt-4o-mini", base_url="http://127.0.0.1:9/v1", api_key="x")
    assert other.writes_replies("it") and other.answers_questions()
    assert LocalBackend("/some/other/model").writes_replies("it")


def test_the_tiny_embedded_model_drafts_an_inbox_without_starting_its_server(aurora: ck.BrandProfile) -> None:
    backend = LlamaServerBackend(catalog.SMOLLM2_135M.name)
    drafts = draft_replies([
        triaged("Il bagno era sporco.", "negative"),
        triaged("Best filter coffee of my trip!", "praise", "en", id="c2", author="James Hill"),
        triaged("Fate torte per compleanni?", "question", id="c3"),
    ], aurora, backend=backend)
    assert backend._server is None  # nothing asked of the model: no server started
    assert [d.language for d in drafts] == ["it", "en", "it"]
    assert drafts[1].text in {with_name(t, "James") for t in THANKS["en"]}


def test_the_profiles_words_go_out_unread_only_on_a_sure_label_even_after_the_models_reading(
        aurora: ck.BrandProfile) -> None:
    from dataclasses import replace

    unsure = replace(triaged("UA922 broken seat, broken tv. Gee thnx, awesome job", "praise", "en"),
                     confidence=0.6, refined=True)
    sure = replace(triaged("Best filter coffee of my trip!", "praise", "en", id="c2"), confidence=0.8, refined=True)

    class ItalianToo(EnglishOnly):
        def writes_replies(self, language: str) -> bool:
            return False

    thanks_unsure, thanks_sure = draft_replies([unsure, sure], aurora, backend=ItalianToo())
    assert thanks_unsure.needs_review and "60% sure" in thanks_unsure.problems[0]
    assert not thanks_sure.needs_review and not thanks_sure.problems


def test_a_line_with_a_word_the_brand_bans_gives_way_to_another(tmp_path: Path) -> None:
    data = example_data()
    data["voice"]["banned_words"] = [*data["voice"].get("banned_words", []), "davvero"]
    brand = ck.load_brand(write_brand(tmp_path / "prova", data))
    drafts = draft_replies([triaged("Buonissimo!", "praise", id=f"c{i}") for i in range(12)]
                           + [triaged("Servizio lento.", "negative", id=f"n{i}") for i in range(6)],
                           brand, backend=EnglishOnly())
    assert not any("davvero" in d.text for d in drafts)
    assert {d.written_by for d in drafts} == {"person"}
    # Every thank-you banned: the model writes it, and it is read before posting.
    data["voice"]["banned_words"] = ["grazie"]
    brand = ck.load_brand(write_brand(tmp_path / "prova2", data))
    said = "Che bello leggerti, a presto al bancone!"
    [draft] = draft_replies([triaged("Buonissimo!", "praise")], brand, backend=EnglishOnly(default=said))
    assert (draft.text, draft.written_by, draft.needs_review) == (said, "model", True)


def test_words_a_person_wrote_that_do_not_fit_the_platform_are_flagged_not_cut(tmp_path: Path) -> None:
    data = example_data()
    data["replies"]["complaints"]["dm_message"] = {"it": "Scrivici in privato. " * 14, "en": "Write to us."}
    brand = ck.load_brand(write_brand(tmp_path / "prova", data))
    item = triaged("Servizio lento.", "negative")
    on_x = InboxItem(**{**item.item.__dict__, "platform": "x"})
    from dataclasses import replace

    [draft] = draft_replies([replace(item, item=on_x)], brand, backend=EnglishOnly())
    assert draft.text.endswith("Scrivici in privato.") and len(draft.text) > 280
    assert draft.needs_review and any("over X (Twitter)'s 280" in p for p in draft.problems)


def test_a_journal_from_before_written_by_still_says_whose_words_each_reply_is(tmp_path: Path,
                                                                                aurora: ck.BrandProfile) -> None:
    import json

    from contentkit.inbox.journal import ReplyJournal, reply_key

    items = [triaged("Buonissimo!", "praise"), triaged("A che ora aprite?", "question", id="c2")]
    journal = tmp_path / "replies.jsonl"
    ReplyJournal(journal).claim(aurora.slug)
    old = [{"item_id": "c1", "label": "praise", "action": "reply", "text": "Grazie mille!", "language": "it",
            "problems": ["the reply is the model's own words: read it before posting"], "needs_review": True},
           {"item_id": "c2", "label": "question", "action": "reply", "text": "Siamo aperti…", "language": "it",
            "problems": [], "needs_review": False}]
    with journal.open("a", encoding="utf-8") as handle:
        for entry, record in zip(items, old):
            handle.write(json.dumps({"kind": "reply", "key": reply_key(entry), "reply": record}) + "\n")
    model = EnglishOnly()
    drafts = draft_replies(items, aurora, backend=model, journal=journal)
    assert model.prompts == [] and [d.written_by for d in drafts] == ["model", "person"]
