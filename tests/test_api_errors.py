"""The Python API given the wrong kind of argument: the library's own error naming the
argument, never a traceback from deep inside (found by passing each public function the
values a hurried script passes)."""

from __future__ import annotations

from pathlib import Path

import pytest

import contentkit as ck
from contentkit.drafting import Brief
from contentkit.errors import ContentkitError
from contentkit.export import write_csv, write_ics, write_json
from contentkit.llm.fake import FakeBackend

AURORA = Path(__file__).resolve().parent.parent / "brand_profiles" / "aurora-caffe" / "history.csv"


@pytest.fixture(scope="module")
def suggester() -> ck.HashtagSuggester:
    return ck.HashtagSuggester().fit(AURORA)


CASES = {
    "draft_post n as text": (lambda s: ck.draft_post("aurora-caffe", "x", n="3", backend=FakeBackend()), "n"),
    "draft_post topic as number": (lambda s: ck.draft_post("aurora-caffe", 5, backend=FakeBackend()), "topic"),
    "draft_post seed as text": (lambda s: ck.draft_post("aurora-caffe", "x", seed="a", backend=FakeBackend()),
                                "seed"),
    "draft_many one text": (lambda s: ck.draft_many("aurora-caffe", "latte art", backend=FakeBackend()), "briefs"),
    "draft_many a None": (lambda s: ck.draft_many("aurora-caffe", [Brief("x"), None], backend=FakeBackend()),
                          "briefs"),
    "suggest k as text": (lambda s: s.suggest("latte", k="5"), "k"),
    "suggest exclude as text": (lambda s: s.suggest("latte", exclude="#latte"), "exclude"),
    "suggest_for_brand without a model": (lambda s: ck.suggest_for_brand("model", "aurora-caffe", "latte"), "model"),
    "save_image without an image": (lambda s: ck.save_image(None, "/tmp/never.png"), "image"),
    "compose_carousel points as text": (lambda s: ck.compose_carousel("aurora-caffe", "Tips", "abc"), "points"),
    "export_all without a plan": (lambda s: ck.export_all(None, "/tmp/never"), "plan"),
    "write_csv without a plan": (lambda s: write_csv({}, "/tmp/never.csv"), "plan"),
    "write_ics without a plan": (lambda s: write_ics([], "/tmp/never.ics"), "plan"),
    "write_json without a plan": (lambda s: write_json("plan", "/tmp/never.json"), "plan"),
    "load_plan_json of a folder": (lambda s: ck.load_plan_json(Path(__file__).parent), None),
    "load_inbox of a number": (lambda s: ck.load_inbox(5), "path"),
    "text_length of None": (lambda s: ck.text_length(None, "instagram"), "text"),
    "get_backend model as number": (lambda s: ck.get_backend("llamacpp", 5), "model"),
    "triage one text": (lambda s: ck.triage("great coffee!"), "items"),
    "triage a list of texts": (lambda s: ck.triage(["great coffee!"]), "items"),
    "draft_replies without triage": (lambda s: ck.draft_replies(["great coffee!"], "aurora-caffe"), "triaged"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_wrong_argument_is_named_not_a_traceback(name: str, suggester: ck.HashtagSuggester) -> None:
    call, field = CASES[name]
    with pytest.raises(ContentkitError) as err:
        call(suggester)
    assert err.value.field == field, str(err.value)
    assert "\n" not in str(err.value)


def test_suggest_for_brand_takes_a_slug(suggester: ck.HashtagSuggester) -> None:
    assert ck.suggest_for_brand(suggester, "aurora-caffe", "latte al pistacchio e cornetto")
