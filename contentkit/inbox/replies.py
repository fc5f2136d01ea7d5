"""Reply drafts for triaged comments: on-brand, short, in the commenter's language.

What each label gets:
- spam: no reply; the action "hide" (hide or delete it) only when the classifier is sure
  (``Triaged.hide``), else "review": a person looks before a possible customer disappears;
- other: no reply needed, the action "none";
- question: the profile's canned answer when one matches (it beats the model: it is the
  brand's own word on hours or prices), else a model reply, always marked for review: the model
  is told to state only what the profile does, and a small one does not always;
- negative: a short apology from the model, and with the profile's complaint policy
  ``take_to_dm`` the action "reply+dm" and the invitation to private messages after it;
- praise: a short, warm thank-you from the model.
Where the backend's replies are not worth asking for (the small embedded models: everywhere
but in English, and never to a question the profile does not answer), the reply is made of
words a person wrote instead (``own_words``): an apology, thanks, or an invitation to write
for the answer. Whatever the model wrote is marked for review, and so is every apology (strong
praise can read as a complaint); a canned answer, and a thank-you on a label at least
``UNREAD_FROM`` sure, go out unread. ``ReplyDraft.written_by`` says whose words a reply is.

Model replies pass the reply checks (``reply_checks``); one more try is made for what a new
attempt can fix (no text, the wrong language, banned words), and what is still wrong after it
is in ``problems``, with the draft marked ``needs_review``. With a ``journal`` each reply is
saved as soon as it is drafted and a rerun drafts only the missing ones.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..checks import platform_limit
from ..errors import BackendError, ContentkitError, InboxError
from ..language_codes import language_name
from ..platforms import PLATFORMS, get_platform, text_length
from ..prompts import clean_user_text, render
from .journal import ReplyJournal, reply_key
from .own_words import apology, ask_privately, dm_invitation, localized, match_canned, thanks
from .reply_checks import ReplyReview, drop_contact_requests, review_reply

if TYPE_CHECKING:
    from ..brand import BrandProfile
    from ..llm.base import Backend, Completion, Messages
    from .triage import Triaged

ACTIONS = ("reply", "reply+dm", "hide", "review", "none")
MODEL_LABELS = ("negative", "question", "praise")
MAX_TOKENS = 120
"""Three short sentences in any script (a Cyrillic word takes about three tokens)."""
BATCH = 4
"""Replies asked at once: a server's requests in flight, or an in-process model's batch."""


@dataclass(frozen=True)
class ReplyDraft:
    """What to do with one inbox item, and the reply to post when there is one."""

    item_id: str
    label: str
    action: str
    """"reply", "reply+dm" (a complaint the profile wants in DM), "hide" (spam, surely), "review" (maybe
    spam: look before hiding), "none" (no reply needed)."""
    text: str
    """"" for hide, review and none."""
    language: str
    problems: tuple[str, ...] = ()
    """Checks that failed after repair: read the draft before posting it."""
    needs_review: bool = False
    written_by: str = ""
    """"person" (a canned answer, or an apology, thanks or invitation in ``own_words``), "model",
    or "" (no reply)."""


def reply_language(triaged: Triaged, brand: BrandProfile) -> str:
    """The commenter's language when the brand writes it, else the brand's own."""
    return triaged.language if triaged.language in brand.languages else brand.language


def _takes_to_dm(brand: BrandProfile) -> bool:
    return brand.replies is not None and brand.replies.complaints.take_to_dm


def _sign(text: str, brand: BrandProfile) -> str:
    sign_off = brand.replies.sign_off if brand.replies else None
    return f"{text} {sign_off}" if sign_off and sign_off not in text else text


def reply_messages(brand: BrandProfile, triaged: Triaged, language: str, *, firm: bool = False) -> Messages:
    """The conversation asking for one reply: the system prompt, an example exchange where the
    language has one, then the comment; ``firm`` after a reply in the wrong language."""
    replies = brand.replies
    common = {"brand": brand, "language": language, "language_name": language_name(language),
              "label": triaged.label, "dm": _takes_to_dm(brand), "escalation": replies.escalation if replies else None,
              "platform": get_platform(triaged.item.platform) if triaged.item.platform in PLATFORMS else None}
    messages: Messages = [{"role": "system", "content": render("reply_system.j2", replies=replies, firm=firm,
                                                              **common)}]
    example = render("reply_example.j2", label=triaged.label, language=language)
    if "|" in example:
        comment, answer = example.split("|", 1)
        messages.append({"role": "user", "content": render("reply.j2", author="", comment=comment, **common)})
        messages.append({"role": "assistant", "content": answer})
    request = render("reply.j2", author=clean_user_text(triaged.item.author, limit=60),
                     comment=clean_user_text(triaged.item.text, one_line=False, limit=800), **common)
    if firm:
        request += "\n\n" + render("language.j2", firm=True, **common)
    messages.append({"role": "user", "content": request})
    return messages


def instructions_of(messages: Messages) -> str:
    """The prompt's words, the example exchange and the comment among them: a reply that
    repeats a whole sentence of them (a small model echoes the comment back) says nothing."""
    return "\n".join(m["content"] for m in messages)


class _Job:
    """One item that needs the model: a first try, one firmer try if the checks ask, the draft."""

    def __init__(self, brand: BrandProfile, triaged: Triaged, backend: Backend) -> None:
        self.brand, self.triaged, self.backend = brand, triaged, backend
        self.language = reply_language(triaged, brand)
        self.tries = 0
        self.review: ReplyReview | None = None
        self.error: Exception | None = None

    def messages(self) -> Messages:
        firm = self.review is not None and "language" in self.review.problems
        return reply_messages(self.brand, self.triaged, self.language, firm=firm)

    def take(self, reply: Completion | Exception) -> bool:
        """Review a reply; True when one more try is wanted."""
        self.tries += 1
        if isinstance(reply, Exception):
            self.error = reply if self.review is None else None  # a failed retry leaves the first try
            return False
        asked = self.messages()
        review = review_reply(reply.text, self.brand, self.triaged.item.platform, language=self.language,
                              prompt=instructions_of(asked), comment=self.triaged.item.text,
                              cut_off=reply.finish_reason == "length")
        if self.review is None or len(review.problems) <= len(self.review.problems):
            self.review = review
        # A model known not to write the language would only miss it again: not worth a second wait.
        hopeless = review.problems == ["language"] and self.backend.known_not_to_write(self.language)
        return self.tries == 1 and bool(review.problems) and not hopeless

    def draft(self) -> ReplyDraft:
        triaged, action = self.triaged, _model_action(self.triaged, self.brand)
        if self.review is None:
            error = self.error or BackendError("no reply")
            return ReplyDraft(triaged.item.id, triaged.label, action, "", self.language,
                              (f"no reply: {_describe_error(error, self.backend)}",), True)
        problems = list(self.review.warnings)
        if self.backend.known_not_to_write(self.language):
            problems.append(f"{self.backend.model} is known to write only "
                            f"{', '.join(map(language_name, sorted(self.backend.languages() or ())))}: "
                            f"read its {language_name(self.language)} before posting")
        problems += _unsure(triaged)
        if triaged.label == "question" and self.review.text:
            # No canned answer matched: what the model answers is its own, and the checks catch
            # numbers and promises, not a claim ("Yes, our platform supports Spanish").
            problems.append("the profile has no answer to this question: the reply is the model's, check that "
                            "what it says is true before posting")
        elif self.review.text:
            # Read as a manager reads, the embedded model's own Italian and Russian replies were
            # mostly rewrites or worse ("Ci dispiace per la sconfitta…", "Спасибо за пожалуйста!")
            # while passing every check: only the profile's own words go out unread.
            problems.append("the reply is the model's own words: read it before posting")
        text = self.review.text
        if text and action == "reply+dm":
            # "Please contact our support team." then the invitation: two sentences saying one thing.
            alone, _ = drop_contact_requests(text)
            text = f"{alone or text} {dm_invitation(self.brand, self.language)}"
        return ReplyDraft(triaged.item.id, triaged.label, action, _sign(text, self.brand) if text else "",
                          self.language, tuple(problems), bool(problems) or not text, "model" if text else "")


UNSURE_BELOW = 0.55
"""Below this confidence a label is a guess: its reply (or its "hide") waits for a person."""
UNREAD_FROM = 0.75
"""A thank-you in the profile's words goes out unread only on a label this sure, the model's
reading weighed in or not. On the tuning sample (700 real comments, the model's reading weighed
in) an English thank-you below it went to a complaint 3 times in 9 ("broken seat back broken tv
… gee thnx. UA922 awesome job", 0.57); from it, 3 times in 102 in all three languages (held out,
bench/inbox.py: 6 in 98)."""
READ_THE_COMPLAINT = ("the apology is the profile's words; check that the comment is a complaint: praise in strong "
                      "words (\"I'm addicted!\", \"it killed me\") can read as one")
"""An apology always waits for a person: no confidence told hyperbolic praise from a complaint
(held out, 9 of 39 Italian apologies at 0.75 or more went to praise, at 0.78-0.93), an apology
to praise embarrasses, and a complaint is worth a person's reading anyway."""


def _unsure(triaged: Triaged, sure_from: float = UNSURE_BELOW, *, trust_refined: bool = True) -> list[str]:
    # A praise read as a complaint gets an apology; a friend's tag read as spam gets hidden.
    if triaged.confidence >= sure_from or (triaged.refined and trust_refined):
        return []
    return [f"the comment's class is a guess ({triaged.label}, {triaged.confidence:.0%} sure): "
            f"check that it is one before acting"]


def _describe_error(error: Exception, backend: Backend) -> str:
    return str(error) if isinstance(error, ContentkitError) else f"{backend.describe()} failed: {error}"


def _model_action(triaged: Triaged, brand: BrandProfile) -> str:
    return "reply+dm" if triaged.label == "negative" and _takes_to_dm(brand) else "reply"


def draft_without_model(triaged: Triaged, brand: BrandProfile) -> ReplyDraft | None:
    """The draft for an item the model is not asked about (spam, other, a canned answer), else None."""
    item, language = triaged.item, reply_language(triaged, brand)
    if triaged.label == "spam":
        if triaged.hide:
            return ReplyDraft(item.id, "spam", "hide", "", language)
        why = f" ({'; '.join(triaged.evidence)})" if triaged.evidence else ""
        return ReplyDraft(item.id, "spam", "review", "", language,
                          (f"maybe spam ({triaged.confidence:.0%} sure){why}: not hidden, check it",), True)
    if triaged.label not in MODEL_LABELS:
        return ReplyDraft(item.id, triaged.label, "none", "", language)
    canned = match_canned(item.text, brand) if triaged.label == "question" else None
    if canned is None:
        return None
    text, written_in = localized(canned.answer, language, brand)
    text = _sign(text, brand)
    long = tuple(_too_long(text, item.platform))
    return ReplyDraft(item.id, "question", "reply", text, written_in, long, bool(long), "person")


NO_ANSWER_ASKED_TO_WRITE = ("the profile has no answer to this question: the reply asks them to write in private; "
                            "answer it here if you can, and add the answer to replies.canned in brand.yaml")


def draft_in_own_words(triaged: Triaged, brand: BrandProfile, backend: Backend) -> ReplyDraft | None:
    """The draft made of words a person wrote, for an item whose reply ``backend`` is not to
    write (``Backend.writes_replies``, ``Backend.answers_questions``), else None."""
    item, language = triaged.item, reply_language(triaged, brand)
    if triaged.label == "question":
        if backend.answers_questions() and backend.writes_replies(language):
            return None
        text = ask_privately(brand, language, item.author)
        if text is None:
            return None
        text = _sign(text, brand)
        return ReplyDraft(item.id, "question", "reply", text, language,
                          (*_unsure(triaged), NO_ANSWER_ASKED_TO_WRITE, *_too_long(text, item.platform)), True, "person")
    if backend.writes_replies(language):
        return None
    action = _model_action(triaged, brand)
    if triaged.label == "negative":
        made = apology(brand, language, item.author, item.id, take_to_dm=action == "reply+dm")
    else:
        made = thanks(brand, language, item.author, item.id)
    if made is None:
        return None
    text = _sign(made[0], brand)
    problems = (*(_unsure(triaged, UNREAD_FROM, trust_refined=False) or ([READ_THE_COMPLAINT] if triaged.label == "negative" else [])),
                *_too_long(text, item.platform))
    return ReplyDraft(item.id, triaged.label, action, text, made[1], problems, bool(problems), "person")


def _too_long(text: str, platform: str) -> list[str]:
    # Words a person wrote are not cut as a model's are: a cut would drop the DM line.
    if platform not in PLATFORMS or (length := text_length(text, platform)) <= (limit := platform_limit(platform)):
        return []
    return [f"{length} characters, over {get_platform(platform).name}'s {limit}: shorten "
            f"it (the profile's words: its canned answer, apology or dm_message)"]


def _from_record(record: dict) -> ReplyDraft:
    draft = ReplyDraft(**{**record, "problems": tuple(record.get("problems", ()))})
    if "written_by" in record or not draft.text:
        return draft
    # A journal from before written_by: every reply the model wrote was marked as such.
    by_model = any("model's" in problem for problem in draft.problems)
    return replace(draft, written_by="model" if by_model else "person")


def draft_replies(
    triaged: Sequence[Triaged],
    brand: BrandProfile,
    *,
    backend: Backend | None = None,
    journal: Path | None = None,
    on_done: Callable[[int, ReplyDraft], None] | None = None,
) -> list[ReplyDraft]:
    """A :class:`ReplyDraft` for each triaged item, in the same order.

    ``backend`` defaults to the one the environment chooses (``contentkit.get_backend()``);
    it is asked only about questions without a canned answer, complaints and praise, and
    only where its replies are worth asking for (else the reply is made of the profile's
    words and the tables in ``own_words``).
    With ``journal`` (a ``.jsonl`` path), replies drafted by an earlier run are taken from it
    and each new one is written there as soon as it is drafted. A reply the backend failed
    to give is returned empty with ``needs_review`` and is not journalled, so a rerun tries
    again. ``on_done(index, draft)`` hears of each draft as it is settled.
    """
    from ..brand import load_brand
    from .triage import Triaged

    if isinstance(triaged, (str, Triaged)) or not all(isinstance(t, Triaged) for t in triaged):
        raise InboxError("triaged must be a list of Triaged items", field="triaged",
                         hint="pass what triage(items) returned")
    brand = load_brand(brand)
    log = ReplyJournal(journal) if journal is not None else None
    done = {}
    if log is not None:
        log.claim(brand.slug)
        done = log.read()
    results: list[ReplyDraft | None] = [None] * len(triaged)
    waiting: list[int] = []
    for index, entry in enumerate(triaged):
        key = reply_key(entry)
        if key in done:
            results[index] = _from_record(done[key])
            _settle(index, results[index], entry, None, on_done)
        elif (ready := draft_without_model(entry, brand)) is not None:
            results[index] = ready
            _settle(index, ready, entry, log, on_done)
        else:
            waiting.append(index)
    if waiting:
        from ..drafting import resolve_backend

        backend = resolve_backend(backend)
        asked = []
        for index in waiting:
            if (own := draft_in_own_words(triaged[index], brand, backend)) is not None:
                results[index] = own
                _settle(index, own, triaged[index], log, on_done)
            else:
                asked.append(index)
        waiting = asked
    if waiting:
        backend.check_ready()  # before the first request: no key means every reply would fail
        jobs = [(index, _Job(brand, triaged[index], backend)) for index in waiting]
        if backend.concurrent:
            _run_each(jobs, backend, results, log, on_done)
        else:
            for start in range(0, len(jobs), BATCH):
                _run_batch(jobs[start:start + BATCH], backend, results, log, on_done)
    return [r for r in results if r is not None]


def _ask(job: _Job, backend: Backend) -> ReplyDraft:
    """One job through a server: the first try, and the firmer one if the checks want it."""
    while True:
        try:
            answer: Completion | Exception = backend.complete(job.messages(), max_tokens=MAX_TOKENS,
                                                               temperature=0.7, seed=job.tries)
        except Exception as exc:  # noqa: BLE001 - one failed reply must not sink the inbox
            answer = exc
        if not job.take(answer):
            return job.draft()


def _run_each(jobs: list[tuple[int, _Job]], backend: Backend, results: list[ReplyDraft | None],
              log: ReplyJournal | None, on_done: Callable[[int, ReplyDraft], None] | None) -> None:
    """A server's replies journalled one by one as they land."""
    from concurrent.futures import ThreadPoolExecutor, as_completed

    # As many in flight as the backend itself sends at once: more would only queue on the
    # server and run into the client's timeout.
    pool = ThreadPoolExecutor(max_workers=max(1, getattr(backend, "concurrency", BATCH)), thread_name_prefix="reply")
    try:
        futures = {pool.submit(_ask, job, backend): (index, job) for index, job in jobs}
        for future in as_completed(futures):
            index, job = futures[future]
            results[index] = future.result()
            _settle(index, results[index], job.triaged, None if job.review is None else log, on_done)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)  # Ctrl-C: stop asking, keep what is journalled


def _run_batch(batch: list[tuple[int, _Job]], backend: Backend, results: list[ReplyDraft | None],
               log: ReplyJournal | None, on_done: Callable[[int, ReplyDraft], None] | None) -> None:
    """An in-process model's batch: one batched call, then one for the retries."""
    todo = batch
    tries = 0
    while todo:
        replies = backend.complete_many([job.messages() for _, job in todo], max_tokens=MAX_TOKENS,
                                        temperature=0.7, seed=tries)
        again = []
        for (index, job), reply in zip(todo, replies, strict=True):
            if job.take(reply):
                again.append((index, job))
                continue
            results[index] = job.draft()
            failed = job.review is None
            _settle(index, results[index], job.triaged, None if failed else log, on_done)
        todo, tries = again, tries + 1


def _settle(index: int, draft: ReplyDraft, triaged: Triaged, log: ReplyJournal | None,
            on_done: Callable[[int, ReplyDraft], None] | None) -> None:
    if log is not None:
        log.append(reply_key(triaged), draft)
    if on_done is not None:
        on_done(index, draft)
