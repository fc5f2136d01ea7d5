"""Plan: two weeks of posts in one go, as a calendar or a table; edit, regenerate, export."""

from __future__ import annotations

import random
import tempfile
import threading
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import streamlit as st

import contentkit as ck
from contentkit.plans.model import ContentPlan, PlannedPost
from contentkit.plans.pace import Pace
from contentkit.platforms import get_platform
from contentkit.ui import state
from contentkit.ui.widgets import friendly, header

PLAN, VERSION, SUGGESTER, EXPORTS = "ck_plan", "ck_plan_version", "ck_plan_suggester", "ck_plan_exports"
RUN = "ck_plan_run"  # a plan being generated: its worker thread, progress and outcome
MIME = {".csv": "text/csv", ".ics": "text/calendar", ".json": "application/json", ".md": "text/markdown",
        ".html": "text/html", ".zip": "application/zip"}
LABELS = {"csv": "Spreadsheet (CSV)", "ics": "Calendar (ICS)", "json": "JSON", "markdown": "Markdown agenda",
          "html": "HTML preview", "zip": "Everything (ZIP with images)"}


def render() -> None:
    header("Plan", "Two weeks of posts in one go: slots from the brand's cadence and best times, "
                   "a draft, hashtags and an image for each.")
    brand = state.active_brand()
    if brand is None:
        return
    with friendly("Planning"):
        _form(brand)
    plan: ContentPlan | None = st.session_state.get(PLAN)
    if plan is None or plan.brand != brand.slug:
        st.info("Pick a start date and press Generate: the plan shows up here as a calendar.",
                icon=":material/calendar_month:")
        return
    if plan.needs_review or plan.failed:  # a warned draft is read before it is scheduled
        st.warning(plan.summary(), icon=":material/rate_review:")
    else:
        st.success(plan.summary(), icon=":material/task_alt:")
    for note in plan.notes:
        st.warning(note, icon=":material/event_busy:")
    view = st.segmented_control("View", ["Calendar", "Table"], default="Calendar", key="ck_plan_view",
                                label_visibility="collapsed") or "Calendar"
    _calendar(plan) if view == "Calendar" else _table(plan)
    st.divider()
    with friendly("Editing the post"):
        _editor(brand, plan)
    st.divider()
    with friendly("Exporting"):
        _exports(brand, plan)


def _next_monday() -> date:
    today = date.today()
    return today + timedelta(days=(7 - today.weekday()) % 7 or 7)


def _form(brand) -> None:
    with st.form("plan-form"):
        first, second, third = st.columns([1, 1, 2])
        start = first.date_input("Start", _next_monday(), format="DD.MM.YYYY")
        days = second.number_input("Days", min_value=1, max_value=31, value=14, step=1)
        platforms = third.multiselect("Platforms", list(brand.platforms), default=list(brand.platforms),
                                      format_func=lambda p: get_platform(p).name)
        source = st.radio("Learn times and hashtags from", ["brand", "upload", "none"], horizontal=True,
                          format_func={"brand": "the brand's example history", "upload": "an uploaded CSV",
                                       "none": "nothing (the brand's preferred times)"}.get)
        upload = st.file_uploader("Post history CSV (when uploading)", type=["csv", "gz"], key="ck_plan_upload")
        topics = st.text_area("Topics to use first (optional, one a line)", height=80,
                              placeholder="the rest are ideated by the model from the pillars")
        learned = st.session_state.get("ck_learned_review")  # set by the Review page's button
        learn = learned is not None and learned["brand"] == brand.slug and st.checkbox(
            "Apply the review's accepted changes", value=True, key="ck_plan_learn")
        go = st.form_submit_button("Generate plan", type="primary", icon=":material/auto_awesome:")
    if go:
        if not platforms:
            st.error("Pick at least one platform.")
            return
        history = _history(brand, source, upload)
        changes: list[str] = []
        if learn:
            from contentkit.review.learn import apply_review

            brand, changes = apply_review(brand, learned["review"])
        _generate(brand, start, int(days), platforms, history, [t.strip() for t in topics.splitlines() if t.strip()],
                  changes)
    elif st.session_state.get(RUN) is not None:  # the page ran again (another widget) while a plan was made
        _follow(st.session_state[RUN])


def _history(brand, source: str, upload):
    if source == "brand":
        from contentkit.plans.history import default_history

        path = default_history(brand)
        if path is None:
            st.caption("This brand has no history: using its preferred times, and hashtags from its "
                       "profile and each post's key words.")
            st.session_state[SUGGESTER] = None
            return False
        history = state.history_from_file(path)
        st.session_state[SUGGESTER] = state.brand_suggester(brand)
        return history
    if source == "upload":
        if upload is None:
            raise ck.HistoryError("no CSV uploaded", hint="choose a file, or learn from the brand's example history")
        history = state.history_from_upload(upload.getvalue(), upload.name)
        st.session_state[SUGGESTER] = state.suggester(history, f"upload:{upload.name}:{upload.size}")
        return history
    st.session_state[SUGGESTER] = None
    return False  # not None: None would mean the brand's default history


def _generate(brand, start: date, days: int, platforms: list[str], history, topics: list[str],
              changes: list[str] = ()) -> None:
    """Run plan_content in a worker so the page can show progress as each post finishes.

    The worker is kept in the session: pressing the button again while it runs (or any other
    rerun of the page) follows the same run instead of starting a second one beside it, which
    would double the model's time on a laptop that has none to spare.
    """
    running = st.session_state.get(RUN)
    if running is not None and running["worker"].is_alive():
        st.info("A plan is already being generated: its progress is below.")
        _follow(running)
        return
    backend = state.backend()
    run: dict[str, object] = {"seen": {"done": 0, "total": 0, "post": None}, "outcome": {}, "pace": Pace()}

    def progress(done: int, total: int, post: PlannedPost | None) -> None:
        run["pace"].update(done, total)
        run["seen"].update(done=done, total=total, post=post)

    def work() -> None:
        try:
            run["outcome"]["plan"] = plan = ck.plan_content(brand, start, days, history=history, platforms=platforms,
                                                            topics=topics, backend=backend, progress=progress,
                                                            out_dir=tempfile.mkdtemp(prefix="contentkit-plan-"))
            plan.notes.extend(f"learned from the review: {c}" for c in changes)
        except Exception as exc:  # noqa: BLE001 - shown on the page by the caller
            run["outcome"]["error"] = exc

    run["worker"] = threading.Thread(target=work, name="contentkit-plan", daemon=True)
    st.session_state[RUN] = run
    run["worker"].start()
    _follow(run)


def _follow(run: dict) -> None:
    """Show a running plan's progress until it ends, then keep its result."""
    seen, outcome, pace, worker = run["seen"], run["outcome"], run["pace"], run["worker"]
    bar = st.progress(0.0, text="Choosing slots and topics…")
    while worker.is_alive():
        worker.join(0.3)
        total = int(seen["total"] or 0)
        if total:
            post = seen["post"]
            last = f" — last: {post.topic}" if isinstance(post, PlannedPost) else ""
            bar.progress(int(seen["done"]) / total, text=f"{pace.describe()}{last}")
    st.session_state.pop(RUN, None)
    error = outcome.get("error")
    if isinstance(error, Exception):
        raise error
    bar.progress(1.0, text="Done")
    st.session_state[PLAN] = outcome["plan"]
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1
    time.sleep(0.1)
    st.rerun()


def _when(post: PlannedPost, plan: ContentPlan):
    from contentkit.export.agenda import local_when, plan_zone

    return local_when(post, plan_zone(plan))


def _calendar(plan: ContentPlan) -> None:
    from contentkit.export.agenda import by_day

    days = by_day(plan)
    # Seven columns for a three-day plan squeeze each card until words break mid-word.
    width = max(1, min(7, len(days)))
    for week in range(0, len(days), 7):
        columns = st.columns(width, gap="small")
        for column, (day, posts) in zip(columns, days[week:week + 7]):
            with column:
                st.markdown(f"**{day:%a}** {day.day} {day:%b}")
                for post in posts:
                    _calendar_card(post, plan)
                if not posts:
                    st.caption("—")


def _calendar_card(post: PlannedPost, plan: ContentPlan) -> None:
    with st.container(border=True):
        icon = {"failed": ":material/error:", "needs review": ":material/warning:"}.get(post.review, ":material/schedule:")
        st.caption(f"{icon} {_when(post, plan):%H:%M} · {get_platform(post.slot.platform).name}")
        st.markdown(f"**{post.topic}**")
        st.caption(f"{post.slot.pillar} · {post.format_name}" if post.format else post.slot.pillar)


def _table(plan: ContentPlan) -> None:
    rows = [{"When": _when(p, plan).strftime("%a %d %b %H:%M"), "Platform": get_platform(p.slot.platform).name,
             "Pillar": p.slot.pillar, "Format": p.format_name, "Topic": p.topic, "Text": p.text or p.error or "",
             "Hashtags": " ".join(p.hashtags), "Status": p.review, "Warnings": "; ".join(p.warnings)}
            for p in sorted(plan.posts, key=lambda p: p.slot.when)]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",
                 column_config={"Text": st.column_config.TextColumn(width="large")})


def _label(post: PlannedPost, plan: ContentPlan) -> str:
    return f"{_when(post, plan):%a %d %b %H:%M} · {get_platform(post.slot.platform).name} · {post.topic}"


def _editor(brand, plan: ContentPlan) -> None:
    st.subheader("Edit a post", anchor=False)
    posts = sorted(plan.posts, key=lambda p: p.slot.when)
    ids = [p.id for p in posts]
    chosen = st.selectbox("Post", ids, format_func=lambda i: _label(posts[ids.index(i)], plan), key="ck_plan_post")
    post = posts[ids.index(chosen)]
    version = st.session_state.get(VERSION, 0)
    key = f"{post.id}-{version}"
    text_col, image_col = st.columns([3, 2], gap="large")
    with text_col:
        if post.error:
            st.error(post.error)
        text = st.text_area("Text", post.text, height=220, key=f"ck_plan_text-{key}")
        tags = st.text_input("Hashtags", " ".join(post.hashtags), key=f"ck_plan_tags-{key}")
        for warning in post.warnings:
            st.warning(warning, icon=":material/warning:")
        save, again = st.columns(2)
        if save.button("Save changes", type="primary", icon=":material/save:", key=f"ck_plan_save-{key}"):
            _replace(plan, replace(post, text=text.strip(), hashtags=tags.split(),
                                   status="done" if text.strip() else post.status))
        if again.button("Regenerate this post", icon=":material/refresh:", key=f"ck_plan_again-{key}"):
            with st.spinner("Writing a new draft…"):
                _replace(plan, _regenerate(brand, plan, post))
    with image_col:
        path = Path(plan.out_dir) / post.image if plan.out_dir and post.image else None
        if path is not None and path.is_file():
            st.image(str(path), caption=post.image_alt, width="stretch")


def _regenerate(brand, plan: ContentPlan, post: PlannedPost) -> PlannedPost:
    from contentkit.plans.parts import added_and_reasons, make_image, pick_hashtags

    draft = ck.draft_post(brand, post.topic, platform=post.slot.platform, pillar=post.slot.pillar,
                          with_image=True, backend=state.backend(), seed=random.randrange(1, 10**6))
    fitted = st.session_state.get(SUGGESTER)
    model, account = fitted if fitted else (None, None)
    picked = pick_hashtags(model, brand, draft.text, post.slot.platform, account, pillar=post.slot.pillar,
                           topic=post.topic)
    new = replace(post, text=draft.text, language=draft.language, warnings=list(draft.warnings), status="done",
                  error=None, backend=draft.backend, model=draft.model)
    new.hashtags, new.hashtag_reasons = added_and_reasons(picked, draft.text)
    if plan.out_dir is not None:
        new.image, new.image_alt, new.layout = make_image(brand, post.slot, post.topic, draft.text,
                                                          Path(plan.out_dir))
    return new


def _replace(plan: ContentPlan, post: PlannedPost) -> None:
    plan.posts = [post if p.id == post.id else p for p in plan.posts]
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1
    st.rerun()


def _exports(brand, plan: ContentPlan) -> None:
    st.subheader("Export", anchor=False)
    version = st.session_state.get(VERSION, 0)
    cached = st.session_state.get(EXPORTS)
    if not cached or cached[0] != version:
        from contentkit.export.bundle import export_all

        folder = Path(tempfile.mkdtemp(prefix="contentkit-export-"))
        files = export_all(plan, folder, brand=brand)
        cached = (version, {kind: (path.name, path.read_bytes()) for kind, path in files.items()})
        st.session_state[EXPORTS] = cached
    files = cached[1]
    main = [k for k in LABELS if k in files]
    schedulers = [k for k in files if k not in LABELS]
    columns = st.columns(3)
    for index, kind in enumerate(main):
        name, data = files[kind]
        columns[index % 3].download_button(LABELS[kind], data, file_name=name, mime=MIME.get(Path(name).suffix),
                                           icon=":material/download:", width="stretch", key=f"ck_export_{kind}")
    if schedulers:
        st.caption("Scheduler bulk uploads (one file per platform)")
        columns = st.columns(3)
        for index, kind in enumerate(sorted(schedulers)):
            name, data = files[kind]
            shape, platform = kind.split(":", 1)
            columns[index % 3].download_button(f"{shape.capitalize()} · {get_platform(platform).name}", data,
                                               file_name=name, mime="text/csv", width="stretch",
                                               key=f"ck_export_{kind}")
