from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

import contentkit as ck
from contentkit.plans.checkpoint import Checkpoint
from contentkit.errors import BackendError, PlanError
from contentkit.llm.fake import FakeBackend
from contentkit.plans.slots import MIN_GAP, make_slots, pillar_sequence
from contentkit.plans.topics import choose_topics, is_near_duplicate, parse_topic_lines, pillar_subjects, similarity

ROOT = Path(__file__).resolve().parent.parent
IDEAS = "\n".join(f"{i}. {t}" for i, t in enumerate([
    "Il cappuccino perfetto a casa", "Come si tosta il caffè", "La colazione del sabato",
    "Storia del cornetto milanese", "Moka o filtro: quale scegliere", "Il nostro nuovo lotto etiope",
    "Latte art per principianti", "Dietro il bancone con Giulia"], start=1))
DRAFT = "Oggi vi raccontiamo il nostro caffè del mattino. Passate a trovarci in via Borsieri! ☕"


def reply(messages: list[dict[str, str]]) -> str:
    return IDEAS if "one topic per line" in messages[-1]["content"].lower() else DRAFT


@pytest.fixture(scope="module")
def brand() -> ck.BrandProfile:
    return ck.load_brand("aurora-caffe")


def test_slots_follow_cadence_and_spacing(brand: ck.BrandProfile) -> None:
    slots = make_slots(brand, "2026-12-01", 14)
    per_platform = Counter(s.platform for s in slots)
    assert per_platform == {name: round(plan.posts_per_week * 2) for name, plan in brand.platforms.items()}
    assert slots == sorted(slots, key=lambda s: (s.when, s.platform))
    for platform in brand.platforms:
        times = sorted(s.when for s in slots if s.platform == platform)
        assert all(b - a >= MIN_GAP for a, b in zip(times, times[1:]))
        assert times[0].date().isoformat() >= "2026-12-01" and times[-1].date().isoformat() <= "2026-12-14"
    assert all(s.when.tzinfo is not None and s.when.utcoffset() == timedelta(hours=1) for s in slots)
    assert len({s.id for s in slots}) == len(slots)


def test_pillar_mix_within_one_post_per_platform(brand: ck.BrandProfile) -> None:
    slots = make_slots(brand, "2026-12-01", 14)
    for platform in brand.platforms:
        mine = [s for s in slots if s.platform == platform]
        counts = Counter(s.pillar for s in mine)
        for pillar in brand.pillars:
            assert abs(counts[pillar.name] - pillar.share * len(mine)) <= 1


def test_pillar_sequence_spreads_and_counts() -> None:
    seq = pillar_sequence([("a", 0.5), ("b", 0.25), ("c", 0.25)], 8)
    assert Counter(seq) == {"a": 4, "b": 2, "c": 2}
    assert all(x != y for x, y in zip(seq, seq[1:]) if x == "b")


def test_best_times_from_history_move_slots(brand: ck.BrandProfile) -> None:
    from contentkit.plans.parts import best_times_from_history

    best = best_times_from_history(ck.load_history(brand.history_path), brand)
    assert best, "the example history should teach posting hours"
    slots = make_slots(brand, "2026-12-01", 14, best_times=best)
    for slot in slots:
        if slot.platform in best:
            assert slot.when.time() in best[slot.platform][slot.when.weekday()] or \
                any(abs(slot.when - other.when) < MIN_GAP for other in slots
                    if other is not slot and other.platform == slot.platform) is False


def test_bad_plan_requests(brand: ck.BrandProfile) -> None:
    with pytest.raises(PlanError, match="2026-13-01"):
        make_slots(brand, "2026-13-01", 14)
    with pytest.raises(PlanError, match="linkedin"):
        make_slots(brand, "2026-12-01", 14, platforms=["linkedin"])
    with pytest.raises(PlanError, match="days"):
        make_slots(brand, "2026-12-01", 0)


def test_topic_similarity_and_parsing() -> None:
    assert similarity("Come fare il cappuccino perfetto a casa", "Il cappuccino perfetto: come farlo a casa") > 0.55
    assert not is_near_duplicate("Nuovo lotto dall'Etiopia", ["Come fare il cappuccino perfetto a casa"])
    assert parse_topic_lines('Sure!\n1. "Latte art"  per tutti\n- Il nostro cornetto\n') == \
        ["Latte art per tutti", "Il nostro cornetto"]


def test_lines_about_the_list_are_not_topics() -> None:
    reply = ("Here are three ideas to inspire the theme\nPost Topic: Month-end close in two days\nProduced by\n"
             "Customers #ThoughtApp #Shopping\nCreated and owned by\n- Тема: Как учить слова без зубрёжки")
    assert parse_topic_lines(reply) == ["Month-end close in two days", "Как учить слова без зубрёжки"]


def test_near_duplicate_ideas_are_reideated(brand: ck.BrandProfile) -> None:
    calls: list[int] = []

    def ideate(requests):
        calls.append(len(requests))
        if len(calls) == 1:  # first round: the same idea five ways
            return enumerate([["Il cappuccino perfetto a casa", "Il cappuccino perfetto, a casa!",
                               "cappuccino perfetto a casa"] for _ in requests])
        return enumerate([[f"Idea {len(calls)}-{i} {p.name}" for i in range(n)] for p, n, _ in requests])

    topics = choose_topics(brand, [brand.pillars[0].name] * 3, ideate)
    assert len(calls) >= 2
    assert len(topics) == 3 and not any(is_near_duplicate(t, topics[:i]) for i, t in enumerate(topics))


def test_given_topics_come_first(brand: ck.BrandProfile) -> None:
    topics = choose_topics(brand, ["x"] * 0 + [brand.pillars[0].name] * 2, lambda r: enumerate([[] for _ in r]),
                           given=["Winter latte launch"])
    assert topics[0] == "Winter latte launch" and topics[1]


def test_plan_end_to_end_with_exports(tmp_path: Path, brand: ck.BrandProfile) -> None:
    seen: list[tuple[int, int]] = []
    plan = ck.plan_content(brand, "2026-12-01", 7, backend=FakeBackend(default=reply),
                           history=brand.history_path, out_dir=tmp_path,
                           progress=lambda done, total, post: seen.append((done, total)))
    assert len(plan.posts) == len(make_slots(brand, "2026-12-01", 7)) and not plan.failed
    assert seen[0][0] == 0 and seen[-1][0] == seen[-1][1] == len(plan.posts)
    post = plan.posts[0]
    assert post.text.startswith("Oggi") and post.language == "it"
    assert (tmp_path / post.image).is_file() and post.image_alt
    assert "#auroracaffe" in post.full_text
    assert 0 < len([t for t in post.full_text.split() if t.startswith("#")]) <= 5
    assert len({p.topic for p in plan.posts}) == len(plan.posts)


def test_history_without_hashtags_still_plans(tmp_path: Path, brand: ck.BrandProfile) -> None:
    import pandas as pd

    posts = pd.read_csv(brand.history_path)
    posts["text"] = posts["text"].str.replace(r"#\S+", "", regex=True)
    plan = ck.plan_content(brand, "2026-12-01", 3, backend=FakeBackend(default=reply), history=posts,
                           out_dir=tmp_path, images=False)
    assert plan.done and not plan.failed
    # Nothing learned: every tag is the profile's own or a word of the post itself.
    for post in plan.done:
        assert all(why == "from your profile" or why.startswith("a key word of this post")
                   for why in post.hashtag_reasons.values())
        assert all(t in brand.hashtags.always or t[1:].casefold() in post.text.casefold() for t in post.hashtags)


def test_failures_are_recorded_and_retried_on_rerun(tmp_path: Path, brand: ck.BrandProfile) -> None:
    backend = FakeBackend(default=reply)
    flaky = {"left": 3}

    def sometimes(messages):
        if "one topic per line" not in messages[-1]["content"].lower() and flaky["left"] > 0:
            flaky["left"] -= 1
            raise BackendError("server said 500 after 3 retries")
        return reply(messages)

    backend.default = sometimes
    plan = ck.plan_content(brand, "2026-12-01", 7, backend=backend, out_dir=tmp_path, images=False)
    assert plan.failed and all("500" in p.error for p in plan.failed)
    assert len(plan.done) + len(plan.failed) == len(plan.posts)
    again = ck.plan_content(brand, "2026-12-01", 7, backend=FakeBackend(default=reply), out_dir=tmp_path,
                            images=False)
    assert not again.failed and [p.id for p in again.posts] == [p.id for p in plan.posts]


def test_rerun_does_only_what_is_missing(tmp_path: Path, brand: ck.BrandProfile) -> None:
    first = FakeBackend(default=reply)
    ck.plan_content(brand, "2026-12-01", 7, backend=first, out_dir=tmp_path, images=False)
    second = FakeBackend(default=reply)
    plan = ck.plan_content(brand, "2026-12-01", 7, backend=second, out_dir=tmp_path, images=False)
    assert second.prompts == [] and not plan.failed


def test_torn_checkpoint_line_is_dropped(tmp_path: Path) -> None:
    checkpoint = Checkpoint(tmp_path / "plan.jsonl")
    checkpoint.append("topic", id="a", topic="one")
    with open(checkpoint.path, "a", encoding="utf-8") as f:
        f.write('{"kind": "topic", "id": "b", "top')
    topics = checkpoint.read().topics
    assert topics == {"a": "one"}
    checkpoint.append("topic", id="b", topic="two")
    assert checkpoint.read().topics == {"a": "one", "b": "two"}


def test_a_draft_saved_before_a_crash_is_finished_without_the_model(tmp_path: Path,
                                                                     brand: ck.BrandProfile) -> None:
    ck.plan_content(brand, "2026-12-01", 3, backend=FakeBackend(default=reply), out_dir=tmp_path, images=False)
    log = tmp_path / "plan.jsonl"
    records = [json.loads(line) for line in log.read_text("utf-8").splitlines()]
    assert {r["id"] for r in records if r["kind"] == "draft"} == {r["post"]["id"] for r in records
                                                                   if r["kind"] == "post"}
    # The process died after saving one draft and before its hashtags, image and post record.
    lost = next(r["post"]["id"] for r in records if r["kind"] == "post")
    log.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records
                           if not (r["kind"] == "post" and r["post"]["id"] == lost)), "utf-8")
    model = FakeBackend(default=reply)
    plan = ck.plan_content(brand, "2026-12-01", 3, backend=model, out_dir=tmp_path, images=False)
    assert model.prompts == [] and not plan.failed
    again = next(p for p in plan.posts if p.id == lost)
    assert again.status == "done" and again.text.startswith(DRAFT)


def test_topics_are_handed_over_round_by_round(brand: ck.BrandProfile) -> None:
    rounds: list[list[tuple[int, str]]] = []

    def ideate(requests):  # one good idea per pillar and round
        # Replies arrive out of order; each pillar's topics are settled as its reply comes.
        return reversed(list(enumerate([[f"Idea {len(rounds)} per {p.name}"] for p, _, _ in requests])))

    pillars = [brand.pillars[0].name] * 3 + [brand.pillars[1].name]
    topics = choose_topics(brand, pillars, ideate, given=["Winter latte launch"], on_chosen=rounds.append)
    assert rounds[0] == [(0, "Winter latte launch")]
    assert sorted(i for r in rounds for i, _ in r) == [0, 1, 2, 3]
    assert [t for r in rounds for _, t in sorted(r)] and len(rounds) >= 3
    assert dict(p for r in rounds for p in r) == dict(enumerate(topics))


def test_story_pillars_fall_back_where_a_platform_has_no_story_size() -> None:
    from contentkit.images.for_posts import plan_layout

    school = ck.load_brand("shkola-umnikov")
    story = next(p.name for p in school.pillars if p.layout == "story")
    assert plan_layout(school, story, "vk") == "story"
    assert plan_layout(school, story, "odnoklassniki") == "announcement"
    assert plan_layout(ck.load_brand("aurora-caffe"), None, "instagram") == "announcement"



class EnglishOnly(FakeBackend):
    def languages(self) -> frozenset[str]:
        return frozenset({"en"})


def test_a_model_that_cannot_write_the_language_is_not_asked_for_topics(tmp_path: Path,
                                                                        brand: ck.BrandProfile) -> None:
    model = EnglishOnly(default=reply)
    plan = ck.plan_content(brand, "2026-12-01", 14, backend=model, history=brand.history_path,
                           out_dir=tmp_path, images=False)
    assert not any("one topic per line" in p[-1]["content"].lower() for p in model.prompts)
    topics = [p.topic for p in plan.posts]
    assert len(set(topics)) == len(topics) == len(make_slots(brand, "2026-12-01", 14))
    problems = {problem for persona in brand.personas for problem in persona.problems}
    subjects = {subject for pillar in brand.pillars for subject in pillar_subjects(pillar)}
    assert len(subjects & set(topics)) >= len(brand.pillars)  # the subjects the pillars list
    assert not problems & set(topics)  # never a persona's problem line copied word for word
    assert all(ck.detect_language(t, ["it", "en"]) == "it" for t in topics)
    assert all(any("unreliable" in w for w in p.warnings) for p in plan.posts)



KILLABLE = """
import sys, time
import contentkit as ck
from contentkit.llm.fake import FakeBackend
sys.path.insert(0, {tests!r})
from test_planning import reply
from test_own_topics import ChoosingServer, OWN

def slow(messages):
    time.sleep(0.15)
    return reply(messages)

# A local-style backend (batches), or one serving requests in parallel as a server does,
# where some posts choose their own topics.
backend = (ChoosingServer(OWN * 3, delay=0.3, default=reply) if {parallel!r}
           else FakeBackend(default=slow))
plan = ck.plan_content("aurora-caffe", "2026-12-01", 14, backend=backend,
                       out_dir={out!r}, concurrency=8 if {parallel!r} else 2, images=False)
print(len(plan.done))
"""


@pytest.mark.parametrize("parallel", [False, True], ids=["batched", "parallel"])
def test_killed_plan_resumes_with_each_slot_once(tmp_path: Path, parallel: bool) -> None:
    script = KILLABLE.format(tests=str(ROOT / "tests"), out=str(tmp_path), parallel=parallel)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", script], env=env, cwd=ROOT)
    log = tmp_path / "plan.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if log.exists() and log.read_text("utf-8").count('"kind": "post"') >= 4:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    posts_before = log.read_text("utf-8").count('"kind": "post"')
    total = len(make_slots(ck.load_brand("aurora-caffe"), "2026-12-01", 14))
    assert 4 <= posts_before < total, "the kill should land mid-run"

    done = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) == total
    records = [json.loads(line) for line in log.read_text("utf-8").splitlines() if line.strip()]
    post_ids = [r["post"]["id"] for r in records if r["kind"] == "post"]
    assert len(post_ids) == len(set(post_ids)) == total


class InterruptedOnRetry(FakeBackend):
    """A batching (in-process) model: Ctrl-C arrives while it generates a round of retries."""

    def complete_many(self, conversations, **options):  # noqa: ANN001, ANN003 - Backend's signature
        if any("write the full post" in c[-1]["content"].lower() for c in conversations):
            raise KeyboardInterrupt
        return super().complete_many(conversations, **options)


def test_ctrl_c_in_a_batched_plan_keeps_every_draft_already_made(tmp_path: Path, brand: ck.BrandProfile) -> None:
    first = {"n": 0}

    def answer(messages: list[dict[str, str]]) -> str:
        if "one topic per line" in messages[-1]["content"].lower():
            return reply(messages)
        first["n"] += 1
        return "" if first["n"] == 1 else reply(messages)  # the first draft must be asked again

    with pytest.raises(KeyboardInterrupt):
        ck.plan_content(brand, "2026-12-01", 14, backend=InterruptedOnRetry(default=answer), out_dir=tmp_path,
                        images=False, concurrency=4)
    saved = Checkpoint(tmp_path / "plan.jsonl").read()
    # The batch of four: three were settled in the first round and saved before the retries.
    assert len(saved.drafts) == 3 and len(saved.posts) == 3
    rerun = ck.plan_content(brand, "2026-12-01", 14, backend=FakeBackend(default=reply), out_dir=tmp_path,
                            images=False, concurrency=4)
    assert not rerun.failed and len(rerun.done) == len(make_slots(brand, "2026-12-01", 14))


def test_pillar_subjects_are_the_descriptions_own_phrases() -> None:
    school = ck.load_brand("shkola-umnikov")
    stories = pillar_subjects(school.pillar("истории учеников"))
    assert "Рассказы преподавателей о том, как проходят уроки" in stories  # a clause stays whole
    cafe = ck.load_brand("aurora-caffe")
    counter = pillar_subjects(cafe.pillar("vita al bancone"))
    assert counter[:3] == ["Dietro le quinte e persone", "Il forno alle sei", "I baristi"]
    for brand in (school, cafe, ck.load_brand("ledgerly")):
        for pillar in brand.pillars:
            for subject in pillar_subjects(pillar):
                assert len(subject.split()) >= 2 and subject.lower()[:12] in pillar.description.lower()
