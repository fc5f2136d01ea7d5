"""Inbox: comments and messages triaged by priority, each with a reply draft to edit, copy and tick off."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from contentkit.inbox.items import InboxFile, load_inbox, parse_pasted
from contentkit.inbox.replies import ReplyDraft, draft_replies
from contentkit.inbox.sheet import COLUMNS, example_inbox, row
from contentkit.inbox.triage import LABELS, Triaged, not_spam, triage
from contentkit.ui import state
from contentkit.ui.widgets import friendly, header

TRIAGED, REPLIES, DONE, SOURCE_KEY = "ck_inbox_triaged", "ck_inbox_replies", "ck_inbox_done", "ck_inbox_key"
READ_BY = "ck_inbox_read_by"
"""The backend that read the comments, once the model's reading is weighed into the labels."""
COLOURS = {"spam": "#9CA3AF", "negative": "#E8594F", "question": "#2F5BEA", "praise": "#16A34A", "other": "#D9A86C"}
ICONS = {"spam": ":material/block:", "negative": ":material/sentiment_dissatisfied:",
         "question": ":material/help:", "praise": ":material/favorite:", "other": ":material/chat:"}
ACTIONS = {"reply": "Reply", "reply+dm": "Reply, then take it to DM", "hide": "Hide or delete (spam)",
           "review": "Maybe spam: not hidden, check it", "none": "No reply needed"}
WRITTEN_BY = {"person": "words a person wrote (the profile's, or contentkit's own)",
              "model": "the model's words"}
MAX_PROBLEMS_SHOWN = 8


def render() -> None:
    header("Inbox", "Comments and messages sorted by who to answer first, each with an on-brand reply "
                    "draft to edit, copy and tick off.")
    brand = state.active_brand()
    if brand is None:
        return
    inbox = None
    with friendly("Reading the inbox"):
        inbox = _source(brand)
    if inbox is None:
        return
    _problems(inbox)
    if not inbox.items:
        st.info("No comment to triage yet.", icon=":material/inbox:")
        return
    triaged = _triaged(inbox)
    left, right = st.columns([3, 2], gap="large")
    with left:
        _table(triaged)
    with right:
        _mix(triaged)
    with friendly("Reading the comments with the model"):
        _read_button(inbox, triaged)
    st.divider()
    with friendly("Drafting the replies"):
        _reply_button(brand, triaged)
    _items(triaged)


def _source(brand) -> InboxFile | None:
    own = example_inbox(brand)
    options = (["example"] if own else []) + ["upload", "paste"]
    labels = {"example": f"Example inbox of {brand.name}", "upload": "Upload a CSV or JSON", "paste": "Paste text"}
    choice = st.radio("Inbox", options, horizontal=True, label_visibility="collapsed", key="ck_inbox_source",
                      format_func=labels.get)
    if choice == "example":
        return _keyed(f"file:{own}:{own.stat().st_mtime_ns}", lambda: load_inbox(own))
    if choice == "upload":
        upload = st.file_uploader("Comments export (CSV or JSON)", type=["csv", "tsv", "txt", "json"],
                                  key="ck_inbox_upload")
        if upload is None:
            st.info("Export comments from the platform or your scheduler (a text column is enough) and drop "
                    "the file here.", icon=":material/upload_file:")
            return None
        data = upload.getvalue()
        return _keyed(f"upload:{hashlib.sha256(data).hexdigest()}", lambda: _from_upload(data, upload.name))
    text = st.text_area("Comments, one per line (or separated by a blank line)", key="ck_inbox_paste", height=160)
    if not text.strip():
        st.info("Paste comments or messages here, one per line.", icon=":material/content_paste:")
        return None
    items = parse_pasted(text)
    return _keyed(f"paste:{hashlib.sha256(text.encode()).hexdigest()}", lambda: InboxFile(None, items, []))


def _keyed(key: str, load) -> InboxFile:  # noqa: ANN001 - a loader
    """The inbox for ``key``; a new source forgets the old one's triage, replies and ticks."""
    if st.session_state.get(SOURCE_KEY) != key:
        inbox = load()  # raises before anything is forgotten: a broken upload keeps the last inbox
        st.session_state[SOURCE_KEY] = key
        st.session_state["ck_inbox_file"] = inbox
        for name in (TRIAGED, REPLIES, DONE, READ_BY):
            st.session_state.pop(name, None)
    return st.session_state["ck_inbox_file"]


def _from_upload(data: bytes, name: str) -> InboxFile:
    # The library's reader names the file and row; written to a temp file under the user's own name.
    folder = Path(tempfile.mkdtemp(prefix="contentkit-inbox-"))
    path = folder / Path(name).name
    path.write_bytes(data)
    return load_inbox(path)


def _problems(inbox: InboxFile) -> None:
    if not inbox.problems:
        return
    shown = inbox.problems[:MAX_PROBLEMS_SHOWN]
    more = len(inbox.problems) - len(shown)
    lines = "\n".join(f"- {p}" for p in shown) + (f"\n- … and {more} more" if more else "")
    st.warning(f"{len(inbox.problems)} row(s) could not be used as they are; the others are triaged below.\n\n"
               f"{lines}", icon=":material/warning:")


def _triaged(inbox: InboxFile) -> list[Triaged]:
    if TRIAGED not in st.session_state:
        with st.spinner("Triaging…"):
            st.session_state[TRIAGED] = triage(inbox.items)
    return st.session_state[TRIAGED]


def _read_button(inbox: InboxFile, triaged: list[Triaged]) -> None:
    """The model's reading weighed into the labels, on request: about half a second a comment on
    the embedded model, and it finds far more of the complaints (docs/models.md). Offered before
    replies are drafted, since new labels would leave them answering the wrong thing."""
    genuine = sum(t.label != "spam" for t in triaged)
    if st.session_state.get(READ_BY):
        read = sum(t.refined for t in triaged)
        # A model known to know only some languages is not asked about the others, and a request may fail.
        where = "each comment" if read >= genuine else f"{read} of the {genuine} comments not labelled spam"
        st.caption(f"Labels weighed with what {st.session_state[READ_BY]} read in {where}.")
        return
    if st.session_state.get(REPLIES):
        return
    if st.button("Let the model read them too", icon=":material/psychology:", key="ck_inbox_read",
                 help=f"The model reads the {genuine} comments not labelled spam (about half a second each on the "
                      "embedded model) and its reading is weighed with the classifier's: more complaints are "
                      "found, and put first."):
        backend = state.backend()
        with st.spinner(f"{backend.describe()} is reading {genuine} comments…"):
            st.session_state[TRIAGED] = triage(inbox.items, backend=backend)
        st.session_state[READ_BY] = backend.describe()
        st.rerun()


def _table(triaged: list[Triaged]) -> None:
    st.subheader("By priority", anchor=False)
    done = st.session_state.get(DONE, set())
    frame = pd.DataFrame([{**row(t), "done": t.item.id in done} for t in triaged])
    shown = frame[["priority", "label", "confidence", "language", "platform", "author", "text", "reason", "done"]]
    st.dataframe(shown, hide_index=True, width="stretch", height=min(420, 38 + 35 * len(shown)), column_config={
        "priority": st.column_config.NumberColumn("Priority", help="1 = answer first, 5 = last"),
        "label": st.column_config.TextColumn("Class"),
        "confidence": st.column_config.ProgressColumn("Confidence", format="percent", min_value=0.0, max_value=1.0),
        "language": st.column_config.TextColumn("Lang"),
        "text": st.column_config.TextColumn("Comment", width="large"),
        "reason": st.column_config.TextColumn("Why", width="medium"),
        "done": st.column_config.CheckboxColumn("Done")}, key="ck_inbox_table")


def _mix(triaged: list[Triaged]) -> None:
    st.subheader("Mix of classes", anchor=False)
    counts = pd.DataFrame({"class": list(LABELS), "items": [sum(t.label == label for t in triaged) for label in LABELS]})
    bars = alt.Chart(counts).mark_bar(cornerRadiusEnd=4).encode(
        x=alt.X("items:Q", title="Items", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("class:N", sort=list(LABELS), title=None),
        color=alt.Color("class:N", scale=alt.Scale(domain=list(COLOURS), range=list(COLOURS.values())), legend=None),
        tooltip=["class", "items"])
    st.altair_chart(bars.properties(height=220), width="stretch")


def _reply_button(brand, triaged: list[Triaged]) -> None:
    replies: dict[str, ReplyDraft] = st.session_state.get(REPLIES, {})
    missing = [t for t in triaged if t.item.id not in replies]
    if not missing:
        return
    label = "Draft replies" if not replies else f"Draft the {len(missing)} missing replies"
    if st.button(label, type="primary", icon=":material/reply_all:", key="ck_inbox_draft"):
        backend = state.backend()
        bar = st.progress(0.0, text=f"Drafting with {backend.describe()}…")
        found = dict(replies)

        def done(index: int, draft: ReplyDraft) -> None:
            found[missing[index].item.id] = draft
            st.session_state[REPLIES] = found  # kept as they come: a stopped run keeps what it drafted
            bar.progress(len(found) / len(triaged), text=f"{len(found)} of {len(triaged)} drafted")

        draft_replies(missing, brand, backend=backend, on_done=done)
        st.rerun()


def _items(triaged: list[Triaged]) -> None:
    replies: dict[str, ReplyDraft] = st.session_state.get(REPLIES, {})
    done: set[str] = st.session_state.setdefault(DONE, set())
    left, right = st.columns([3, 1])
    hide_done = left.toggle("Hide items marked done", key="ck_inbox_hide_done")
    left.caption(f"{len(done & {t.item.id for t in triaged})} of {len(triaged)} done")
    if replies:
        right.download_button("Download replies (CSV)", _csv(triaged, replies), file_name="replies.csv",
                              mime="text/csv", icon=":material/download:", key="ck_inbox_download")
    for number, entry in enumerate(triaged):
        if hide_done and entry.item.id in done:
            continue
        with st.container(border=True):
            _item(number, entry, replies.get(entry.item.id), done)


def _prefix(number: int) -> str:
    """Widget keys of the item at ``number``, with the source in them: another inbox's item at
    the same place must not inherit an edited reply."""
    source = hashlib.sha256(str(st.session_state.get(SOURCE_KEY)).encode()).hexdigest()[:8]
    return f"ck_inbox_{source}_{number}"


def _csv(triaged: list[Triaged], replies: dict[str, ReplyDraft]) -> bytes:
    """The replies as the CLI writes them, with the texts as edited on the page."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    writer.writeheader()
    for number, entry in enumerate(triaged):
        record = row(entry, replies.get(entry.item.id))
        edited = st.session_state.get(f"{_prefix(number)}_reply")
        writer.writerow({**record, "reply": record["reply"] if edited is None else edited})
    return out.getvalue().encode("utf-8-sig")


def _tick(item_id: str, key: str) -> None:
    # A callback runs before the page does, so the table and the count above already show the tick;
    # the set outlives the checkbox, which is not drawn while done items are hidden.
    done: set[str] = st.session_state.setdefault(DONE, set())
    (done.add if st.session_state.get(key) else done.discard)(item_id)


def _not_spam(item_id: str) -> None:
    triaged: list[Triaged] = st.session_state.get(TRIAGED, [])
    for index, entry in enumerate(triaged):
        if entry.item.id == item_id:
            triaged[index] = not_spam(entry)
            st.session_state.get(REPLIES, {}).pop(item_id, None)  # its "hide" no longer holds
    triaged.sort(key=lambda t: t.priority)  # stable: the order within a priority is kept


def _item(number: int, entry: Triaged, draft: ReplyDraft | None, done: set[str]) -> None:
    item, key = entry.item, _prefix(number)
    top, tick = st.columns([6, 1])
    top.markdown(f"{ICONS.get(entry.label, '')} **{entry.label}** · priority {entry.priority} · "
                 f"{item.platform} · **{item.author or 'unknown'}** — {entry.reason}")
    tick.checkbox("Done", value=item.id in done, key=f"{key}_done", on_change=_tick, args=(item.id, f"{key}_done"))
    if entry.label == "spam":
        # One click brings a wrongly hidden customer back, and the model learns from it.
        tick.button("Not spam", key=f"{key}_not_spam", icon=":material/undo:", on_click=_not_spam, args=(item.id,),
                    help="Bring it back to the queue; the classifier learns from this at its next fit")
    st.markdown(f"> {item.text}".replace("\n", "\n> "))
    if draft is None:
        return
    by = WRITTEN_BY.get(draft.written_by)
    st.caption(ACTIONS.get(draft.action, draft.action) + (f" · {by}" if by else ""))
    if draft.action not in ("reply", "reply+dm"):
        return
    text = st.text_area("Reply", draft.text, key=f"{key}_reply", height=110)
    for problem in draft.problems:
        st.warning(problem, icon=":material/rate_review:")
    if text.strip():
        st.code(text, language=None, wrap_lines=True)
