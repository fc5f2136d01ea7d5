"""Posts asked for as a format's short fields under a schema, assembled by code: the form a
small model gets wrong (headings, lists, preambles, code) is ours, not the model's."""

from __future__ import annotations

import json
import re

import pytest
from drafting_helpers import make_brand

import contentkit as ck
from contentkit.drafting import Brief, draft_many
from contentkit.llm.fake import FakeBackend
from contentkit.writing.facts import fact_sheet, facts_for
from contentkit.writing.formats import FORMATS, assemble, choose_format, get_format, parse_fields


class SchemaFake(FakeBackend):
    """A fake server that holds replies to a schema, as llama-server does: records the schemas."""

    structured = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.schemas: list = []

    def complete(self, messages, *, max_tokens=400, temperature=0.7, json_mode=False, seed=None):
        self.schemas.append(json_mode)
        return super().complete(messages, max_tokens=max_tokens, temperature=temperature, seed=seed)


TIP = json.dumps({"hook": "Il cappuccino a casa, come al bancone",
                  "steps": ["Scalda il latte a 60 gradi", "Montalo con movimenti piccoli", "Versa dal centro"]})


def test_every_format_is_a_schema_whose_strings_cannot_hold_form():
    pattern = re.compile(FORMATS["tip"].fields[0].schema()["pattern"])
    for fmt in FORMATS.values():
        schema = fmt.schema()
        assert schema["required"] == [f.name for f in fmt.fields] and schema["additionalProperties"] is False
        assert fmt.budget() < 400
    for bad in ["## Titolo", "**grassetto**", "riga uno\nriga due", "#hashtag", "```codice```", "<b>", "[link](x)"]:
        assert not pattern.match(bad), bad
    for good in ["Un caffè, per favore!", "«Buongiorno» — disse Giulia 😊", "Что нового у нас?"]:
        assert pattern.match(good), good


def test_fields_become_the_post_in_the_formats_shape_with_the_call_to_action_last():
    fields = parse_fields(TIP, FORMATS["tip"])
    text = assemble(FORMATS["tip"], fields, "Passa a trovarci in via Borsieri 21", "it")
    assert text == ("Il cappuccino a casa, come al bancone\n\n• Scalda il latte a 60 gradi\n"
                    "• Montalo con movimenti piccoli\n• Versa dal centro\n\nPassa a trovarci in via Borsieri 21")
    myth = assemble(FORMATS["myth_fact"], {"myth": "Il caffè forte ha più caffeina", "fact": "Dipende dalla tazza"},
                    None, "it")
    assert myth == "Mito: Il caffè forte ha più caffeina.\n\nRealtà: Dipende dalla tazza."
    question = assemble(FORMATS["question"], {"hook": "Moka o filtro?", "context": "Ognuno ha il suo rito",
                                              "question": "Qual è il tuo?"}, "Passa a trovarci", "it")
    assert question.endswith("Qual è il tuo?"), "a question post ends on its question"


def test_a_reply_that_is_not_the_formats_json_is_refused():
    assert parse_fields('{"hook": "Ciao"}', FORMATS["tip"]) is None
    assert parse_fields('{"hook": "Ciao", "steps": []}', FORMATS["tip"]) is None
    assert parse_fields("not json", FORMATS["tip"]) is None
    assert parse_fields('Here: {"hook": "Ciao", "steps": ["a b"]}', FORMATS["tip"]) == {"hook": "Ciao",
                                                                                      "steps": ["a b"]}


def test_a_pillar_chooses_its_format_by_its_own_list_or_its_layout():
    brand = ck.load_brand("aurora-caffe")
    quote = next(p for p in brand.pillars if p.layout == "quote")
    assert choose_format(quote, "Foto dei clienti") in ("question", "poll")
    own = quote.model_copy(update={"formats": ["faq"]})
    assert choose_format(own, "anything") == "faq"
    with pytest.raises(ck.ContentkitError, match="unknown post format"):
        get_format("essay")


def test_a_formats_name_in_the_profile_is_checked(tmp_path):
    from drafting_helpers import BRAND

    pillars = [{**BRAND["pillars"][0], "formats": ["essay"]}, BRAND["pillars"][1]]
    with pytest.raises(ck.BrandError, match="formats"):
        ck.load_brand(make_brand(tmp_path / "caffe-prova", pillars=pillars))


def test_facts_match_the_topic_and_come_from_what_the_brand_wrote():
    brand = ck.load_brand("aurora-caffe")
    sheet = fact_sheet(brand)
    assert any("Tostiamo in sede" in f for f in sheet)  # the description is a fact
    assert not any("7:00" in f for f in sheet), "a canned answer to comments is not a post's fact"
    assert not any("sabato 14" in f.lower() for f in sheet), "an old post's date is not true any more"
    facts = facts_for(brand, "corso di latte art", material=["Sabato torna il corso di latte art per principianti.",
                                                            "Il forno apre alle sei."])
    assert facts[0] == "Sabato torna il corso di latte art per principianti.", facts  # most topic words first
    assert "Il forno apre alle sei." not in facts and len(facts) <= 3


def test_a_structured_backend_gets_the_schema_and_three_candidates_the_best_kept(tmp_path):
    brand = make_brand(tmp_path / "caffe-prova")
    bad = json.dumps({"hook": "Ecco", "steps": ["Ecco il post: ## Titolo"]})
    fake = SchemaFake([bad, TIP, TIP])
    (draft,) = draft_many(brand, [Brief("cappuccino a casa", pillar="novità", format="tip")], fake)
    assert all(isinstance(s, dict) and s["required"] == ["hook", "steps"] for s in fake.schemas)
    assert len(fake.schemas) == 3
    assert draft.format == "tip" and "• Scalda il latte a 60 gradi" in draft.text
    assert len(draft.candidates) == 3


def test_a_post_missing_a_part_after_the_checks_is_not_ready(tmp_path):
    brand = make_brand(tmp_path / "caffe-prova")
    # The second step states a price the profile never gave: the checks remove it, and a
    # post without all its parts is read by a person first.
    priced = json.dumps({"hook": "Il cappuccino a casa, come al bancone",
                         "steps": ["Scalda il latte a 60 gradi", "Solo oggi costa 1,20 €"]})
    fake = SchemaFake([priced] * 3)
    (draft,) = draft_many(brand, [Brief("cappuccino a casa", pillar="novità", format="tip")], fake)
    assert "1,20" not in draft.text and not draft.ok
    assert any("the checks changed" in w for w in draft.warnings)


def test_an_assembled_posts_hook_is_not_taken_for_a_headline(tmp_path):
    brand = make_brand(tmp_path / "caffe-prova", language="en", other_languages=[])
    tip = json.dumps({"hook": "Three Steps To A Better Cappuccino At Home",
                      "steps": ["Warm the milk to sixty degrees", "Pour from the middle of the cup"]})
    (draft,) = draft_many(brand, [Brief("cappuccino at home", pillar="novità", format="tip")], SchemaFake([tip] * 3))
    assert draft.text.startswith("Three Steps To A Better Cappuccino At Home\n\n• Warm the milk")
    assert not any("parts changed" in r for r in draft.repairs)


def test_the_quality_gate_speaks_for_the_model_it_was_fitted_on_and_no_other(tmp_path):
    from contentkit.writing import gate

    brand = make_brand(tmp_path / "caffe-prova")
    brief = Brief("cappuccino a casa", pillar="novità", format="tip")
    (embedded,) = draft_many(brand, [brief], SchemaFake([TIP] * 3, model="qwen2.5-coder-1.5b-instruct"))
    (other,) = draft_many(brand, [brief], SchemaFake([TIP] * 3, model="gpt-4o-mini"))
    assert gate.threshold() is not None
    assert any("the quality gate gives it" in w for w in embedded.warnings), embedded.warnings
    assert not any("quality gate" in w for w in other.warnings) and other.ok


def test_a_post_no_candidate_could_fill_is_asked_again_as_free_text(tmp_path):
    from contentkit.errors import BackendError

    brand = make_brand(tmp_path / "caffe-prova")
    refused = BackendError("the model produced output that does not match the expected format")
    fake = SchemaFake([refused, refused, refused,
                       "Oggi al bancone un cappuccino con il latte montato a regola d'arte: passa a provarlo!"])
    (draft,) = draft_many(brand, [Brief("cappuccino a casa", pillar="novità", format="tip")], fake)
    assert not isinstance(draft, Exception), draft
    assert draft.format == "" and "cappuccino" in draft.text
    assert fake.schemas[:3] != [False] * 3 and fake.schemas[3] is False
