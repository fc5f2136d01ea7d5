"""Posts that choose their own topic in a plan's first round trip."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path

import pytest
from test_plan_runner import DRAFT, IDEAS, ServerLike

import contentkit as ck
from contentkit.plans.checkpoint import Checkpoint
from contentkit.llm.base import Completion
from contentkit.plans.own_topics import (
    angles,
    own_topic_counts,
    own_topic_messages,
    round_trips,
    topic_from_post,
)
from contentkit.plans.slots import make_slots
from contentkit.plans.topics import Taken, is_near_duplicate, split_own_topic

OWN = ["Caffè in grani dal Guatemala", "Orari speciali per le feste", "Corso di latte art a gennaio",
       "Panettone artigianale al bancone", "Musica dal vivo il giovedì sera", "Nuova miscela decaffeinata",
       "Dolci di stagione al pistacchio", "Biscotti della nonna per Natale", "Tazze nuove da portare via",
       "Sconti sulle capsule compostabili"]


@pytest.fixture(scope="module")
def brand() -> ck.BrandProfile:
    return ck.load_brand("aurora-caffe")


@pytest.mark.parametrize(("reply", "topic", "post"), [
    ("Topic: Il V60 in quattro passi\n\nOggi vi mostriamo come.", "Il V60 in quattro passi", "Oggi vi mostriamo come."),
    ("**Topic:** Latte art\n\nPost.", "Latte art", "Post."),
    ("Тема: Дроби на пицце\nСегодня разберём дроби.", "Дроби на пицце", "Сегодня разберём дроби."),
    ('Tema: "La colazione del sabato"\n\nCiao!', "La colazione del sabato", "Ciao!"),
    ("Just a post without a topic line.", None, "Just a post without a topic line."),
])
def test_the_chosen_topic_is_split_from_the_post(reply: str, topic: str | None, post: str) -> None:
    assert split_own_topic(reply) == (topic, post)


def test_a_post_without_a_named_topic_is_named_by_its_first_sentence() -> None:
    assert topic_from_post("Nuovo lotto dall'Etiopia in arrivo! Passate a trovarci. #caffè") == \
        "Nuovo lotto dall'Etiopia in arrivo"
    assert topic_from_post("") is None and topic_from_post("Ciao!") is None


def test_posts_choose_their_own_topics_where_a_round_trip_is_saved_or_threads_idle() -> None:
    # The three example brands' two weeks, eight requests at a time.
    aurora = {"caffè e cultura": 7, "vita al bancone": 7, "novità e offerte": 5, "la vostra voce": 3}
    own = own_topic_counts(aurora, 8)
    assert own == {"novità e offerte": 5, "la vostra voce": 3}
    assert (round_trips(aurora, {}, 8), round_trips(aurora, own, 8)) == (4, 3)
    school = {"польза": 10, "курсы и акции": 7, "истории учеников": 6, "игры и задачки": 5}
    assert own_topic_counts(school, 8) == {"игры и задачки": 5}
    # Ledgerly saves a round trip only if every pillar chose its own topics: never done. The
    # four threads the idea lists leave idle draft single posts of the largest pillars.
    ledgerly = {"educational": 10, "product": 7, "proof": 5, "community": 2}
    assert round_trips(ledgerly, ledgerly, 8) == 3
    assert own_topic_counts(ledgerly, 8) == {"educational": 2, "product": 1, "proof": 1}
    assert round_trips(ledgerly, own_topic_counts(ledgerly, 8), 8) == round_trips(ledgerly, {}, 8) == 4
    assert own_topic_counts({"one": 30}, 8) == {"one": 7} and own_topic_counts({}, 8) == {}
    assert own_topic_counts({"a": 2, "b": 2}, 8) == {}


def test_the_request_names_the_taken_topics_and_a_reader_problem(brand: ck.BrandProfile) -> None:
    slot = next(s for s in make_slots(brand, "2026-12-01", 14) if s.pillar == "novità e offerte")
    (problem, persona), second = angles(brand, 2)
    assert problem and persona and second[0] != problem
    request = own_topic_messages(brand, slot, ["Il cappuccino perfetto a casa"], problem, persona)[-1]["content"]
    assert '"Topic:"' in request and "- Il cappuccino perfetto a casa" in request
    assert problem.rstrip(".") in request and "novità e offerte" in request
    assert "```" not in request  # no fenced topic: there is none yet


def test_taken_topics_are_claimed_once_across_threads() -> None:
    taken = Taken(["Il cappuccino perfetto a casa"])
    results: list[bool] = []
    threads = [threading.Thread(target=lambda: results.append(taken.claim("Il cappuccino perfetto, a casa!")))
               for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [False] * 8
    assert taken.claim("Come si tosta il caffè") and not taken.claim("come si tosta il caffe")


class ChoosingServer(ServerLike):
    """Answers a post that chooses its topic with "Topic: ..." and the draft."""

    def __init__(self, topics: list[str], **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.own = iter(topics)
        self.own_asked = 0

    def complete(self, messages, **kwargs) -> Completion:  # noqa: ANN001, ANN003
        if 'as "topic:"' in messages[-1]["content"].lower():
            with self.lock:
                self.own_asked += 1
                topic = next(self.own)
            return Completion(text=f"Topic: {topic}\n\n{DRAFT}", model=self.model)
        return super().complete(messages, **kwargs)


def test_a_plan_fills_its_first_round_trip_with_posts_that_choose_their_topics(tmp_path: Path,
                                                                               brand: ck.BrandProfile) -> None:
    backend = ChoosingServer(OWN, default=DRAFT)
    plan = ck.plan_content(brand, "2026-12-01", 14, backend=backend, out_dir=tmp_path, concurrency=8, images=False,
                           history=False)  # slots at the preferred times, as make_slots gives them
    slots = make_slots(brand, "2026-12-01", 14)
    assert [p.id for p in plan.posts] == [s.id for s in slots] and not plan.failed
    own = [p for p in plan.posts if p.slot.pillar in {"novità e offerte", "la vostra voce"}]
    assert backend.own_asked == len(own) == 8
    assert {p.topic for p in own} <= set(OWN)
    assert all(p.text.startswith("Oggi") and not p.text.startswith("Topic") for p in own)
    topics = [p.topic for p in plan.posts]
    assert not any(is_near_duplicate(t, topics[:i]) for i, t in enumerate(topics))
    assert Checkpoint(tmp_path / "plan.jsonl").read().topics == {p.id: p.topic for p in plan.posts}
    # Every other post drafted once from a listed idea (the fake records only those requests).
    assert len(backend.prompts) == len(slots) - len(own)


def test_a_taken_topic_is_chosen_again_then_replaced(tmp_path: Path, brand: ck.BrandProfile) -> None:
    # Every post that chooses its topic picks one already taken by the ideas lists.
    backend = ChoosingServer([IDEAS[0]] * 40, default=DRAFT)
    plan = ck.plan_content(brand, "2026-12-01", 14, backend=backend, out_dir=tmp_path, concurrency=8, images=False,
                           history=False)  # slots at the preferred times, as make_slots gives them
    assert not plan.failed
    topics = Counter(p.topic for p in plan.posts)
    assert max(topics.values()) == 1 or topics.most_common(1)[0][0] not in IDEAS
    own = [p for p in plan.posts if p.slot.pillar in {"novità e offerte", "la vostra voce"}]
    assert backend.own_asked <= 2 * len(own)  # asked once more, then a topic from the profile
    assert all(p.text.startswith("Oggi") for p in own)
