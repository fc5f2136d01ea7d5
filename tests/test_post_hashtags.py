"""Hashtags on every planned post: the brand folder's history by default, a cold start
without one, and tags that follow each post's own text."""

from __future__ import annotations

import json
import re
import shutil
from itertools import combinations
from pathlib import Path

import pytest

import contentkit as ck
from cli_helpers import exit_code as run
from contentkit.hashtags.for_posts import FROM_PROFILE, KEY_WORD, near_duplicate
from contentkit.llm.fake import FakeBackend
from contentkit.platforms import get_platform
from contentkit.tags import tag_key, tags_in_text
from drafting_helpers import make_brand

ROOT = Path(__file__).resolve().parent.parent
ENDING = {"it": "Ti aspettiamo al bancone, passa a trovarci!",
          "ru": "Пишите вопросы в комментариях — ответит методист.",
          "en": "Tell us what you think in the comments."}
TOPICS_IT = ["Cornetti al pistacchio appena sfornati", "Latte art: il cuore nel cappuccino",
             "Guida alla V60 per il filtro a casa", "Il nuovo lotto dall'Etiopia in tostatura",
             "Colazione della domenica con i bambini", "Corso di latte art del sabato"]


def topic_echo(language: str):
    """A backend reply that is the topic as a sentence: each post's text follows its topic."""
    def reply(messages: list[dict[str, str]]) -> str:
        content = messages[-1]["content"]
        if "one topic per line" in content.lower():
            return ""
        found = re.findall(r"```\n(.*?)\n```", content, re.S)  # the topic's block is the last
        topic = found[-1].strip() if found else "Una giornata al bancone"
        return f"{topic}. {topic}! {ENDING[language]}"
    return reply


def all_tags(post) -> list[str]:
    return tags_in_text(post.full_text)


def test_a_plan_with_no_history_flag_learns_from_the_brand_folder(tmp_path: Path) -> None:
    brand = ck.load_brand("aurora-caffe")
    plan = ck.plan_content(brand, "2026-12-01", 7, backend=FakeBackend(default=topic_echo("it")),
                           out_dir=tmp_path, images=False, topics=TOPICS_IT)
    assert "history.csv" in plan.summary() and "186 posts" in plan.summary()
    for post in plan.done:
        learned = [t for t, why in post.hashtag_reasons.items() if why not in (FROM_PROFILE, KEY_WORD)]
        assert learned, f"{post.id} got no tag learned from the history: {post.hashtag_reasons}"
        assert set(all_tags(post)) == set(post.hashtag_reasons)  # a reason for every tag it carries
    ck.ContentPlan.to_json(plan, tmp_path / "plan.json")
    saved = json.loads((tmp_path / "plan.json").read_text(encoding="utf-8"))
    assert all(p["hashtag_reasons"] for p in saved["posts"])


def test_no_history_turns_the_default_off(tmp_path: Path) -> None:
    brand = ck.load_brand("aurora-caffe")
    plan = ck.plan_content(brand, "2026-12-01", 3, backend=FakeBackend(default=topic_echo("it")),
                           out_dir=tmp_path, images=False, history=False)
    assert "history: none" in plan.summary()
    reasons = {why for post in plan.done for why in post.hashtag_reasons.values()}
    assert reasons <= {FROM_PROFILE, KEY_WORD} | {w for w in reasons if w.startswith(KEY_WORD)}




def test_cli_plan_flags_name_the_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from contentkit import drafting

    monkeypatch.setattr(drafting, "resolve_backend", lambda name=None, model=None: FakeBackend(
        default=topic_echo("en")))
    base = ["plan", "--brand", "ledgerly", "--start", "2026-12-01", "--days", "2", "--no-images"]
    assert run([*base, "--out", str(tmp_path / "a")]) == 0
    assert "ledgerly/history.csv (172 posts" in capsys.readouterr().out
    assert run([*base, "--out", str(tmp_path / "b"), "--no-history"]) == 0
    assert "history: none" in capsys.readouterr().out
    both = run([*base, "--out", str(tmp_path / "c"), "--no-history", "--history",
                str(ROOT / "brand_profiles/ledgerly/history.csv")])
    assert both != 0 and "--no-history" in capsys.readouterr().err


def test_cold_start_brand_gets_tags_from_profile_and_key_words(tmp_path: Path) -> None:
    folder = make_brand(tmp_path / "prova")
    assert not (folder / "history.csv").exists()
    brand = ck.load_brand(folder)
    topics = ["Cornetti al pistacchio da oggi", "Colazione al bancone con il pistacchio",
              "Latte art per principianti"]
    plan = ck.plan_content(brand, "2026-12-01", 7, backend=FakeBackend(default=topic_echo("it")),
                           out_dir=tmp_path / "plan", images=False, topics=topics)
    assert plan.done and "history: none" in plan.summary()
    for post in plan.done:
        tags = all_tags(post)
        rules = get_platform(post.slot.platform)
        assert "#caffeprova" in tags and post.hashtag_reasons["#caffeprova"] == FROM_PROFILE
        assert len(tags) <= min(brand.hashtags.max, rules.hashtags_recommended)
        assert not {tag_key(t) for t in tags} & {tag_key(t) for t in brand.hashtags.banned}
        for tag in tags:  # every tag is the profile's or a word of the post itself
            assert tag in brand.hashtags.always or tag_key(tag) in post.text.casefold()
    pistachio = [p for p in plan.done if "pistacchio" in p.text and p.slot.platform == "instagram"]
    assert pistachio and all("#pistacchio" in p.hashtags for p in pistachio)
    assert any(why.startswith(KEY_WORD) for p in pistachio for why in p.hashtag_reasons.values())


def test_cold_start_uses_the_brand_s_form_of_a_word(tmp_path: Path) -> None:
    from contentkit.hashtags.for_posts import tags_for_post

    brand = ck.load_brand("shkola-umnikov")
    text = "Тройки по математике в 7 классе: разбираем задачи по математике вместе."
    tags = [s.tag for s in tags_for_post(None, brand, text, "vk", topic="Тройки по математике")]
    assert tags[0] == "#школаумников" and "#математика" in tags


def test_each_post_of_a_plan_has_its_own_tags(tmp_path: Path) -> None:
    brand = ck.load_brand("aurora-caffe")
    plan = ck.plan_content(brand, "2026-12-01", 14, backend=FakeBackend(default=topic_echo("it")),
                           out_dir=tmp_path, images=False, topics=TOPICS_IT * 4)
    posts = [p for p in plan.done if p.slot.platform == "instagram"]
    assert len(posts) >= 8
    for a, b in combinations(posts, 2):
        if a.topic != b.topic:
            assert set(all_tags(a)) != set(all_tags(b)), (a.topic, b.topic, all_tags(a))
    for post in plan.done:
        keys = [tag_key(t) for t in all_tags(post)]
        assert not [(x, y) for x, y in combinations(keys, 2) if near_duplicate(x, y)], keys
        if "#cornetto" in keys or "cornetto" in keys:
            assert "cornett" in post.text.casefold(), (post.topic, keys)
    assert {p.topic for p in plan.done if "#cornetto" in p.hashtags} <= {TOPICS_IT[0]}


def test_near_duplicate_spellings() -> None:
    assert near_duplicate("latteart", "lattearte") and near_duplicate("caffè", "caffe")
    assert not near_duplicate("caffè", "caffèacasa") and not near_duplicate("moka", "mokka caffè")


def test_a_history_csv_beside_brand_yaml_is_the_default(tmp_path: Path) -> None:
    from contentkit.plans.history import default_history

    folder = make_brand(tmp_path / "prova")
    assert default_history(ck.load_brand(folder)) is None
    shutil.copy(ROOT / "brand_profiles/aurora-caffe/history.csv", folder / "history.csv")
    assert default_history(ck.load_brand(folder)) == folder.resolve() / "history.csv"


@pytest.mark.parametrize("slug", ["aurora-caffe", "ledgerly", "shkola-umnikov"])
def test_every_post_of_each_example_brand_has_tags_with_reasons(tmp_path: Path, slug: str) -> None:
    brand = ck.load_brand(slug)
    plan = ck.plan_content(brand, "2026-12-01", 7, backend=FakeBackend(default=topic_echo(brand.language)),
                           out_dir=tmp_path, images=False)
    assert plan.done and not plan.failed
    for post in plan.done:
        rules = get_platform(post.slot.platform)
        tags = all_tags(post)
        assert 1 <= len(tags) <= min(brand.hashtags.max, rules.hashtags_recommended), (post.id, tags)
        assert set(tags) <= set(post.hashtag_reasons) and all(post.hashtag_reasons.values())


def test_a_post_nothing_else_fits_carries_the_brand_s_name(tmp_path: Path) -> None:
    from contentkit.hashtags.for_posts import BRAND_NAME, tags_for_post

    brand = ck.load_brand(make_brand(tmp_path / "prova", hashtags={"always": [], "banned": [], "max": 3}))
    [only] = tags_for_post(None, brand, "Ciao a tutti, a presto!", "x")
    assert (only.tag, only.reason) == ("#caffèprova", BRAND_NAME)
