"""Review: how a period went against the plan, what to change next, and what competitors do."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd
import streamlit as st

from contentkit.ui import state
from contentkit.ui.widgets import friendly, header

LEARNED = "ck_learned_review"   # {"brand": slug, "review": review JSON with the accepted flags}
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
LIFT_SCALE = alt.Scale(scheme="redyellowgreen", domainMid=1.0)


def render() -> None:
    header("Review", "After a month: what worked against the plan, the changes for the next one, "
                     "and what the competitors do.")
    profile = state.active_brand()
    if profile is None:
        return
    period, rivals = st.tabs(["Period review", "Competitors"])
    with period, friendly("Reviewing"):
        _period(profile)
    with rivals, friendly("Comparing"):
        _competitors(profile)


def _history_choice(profile, key: str):
    from contentkit.plans.history import default_history

    own = default_history(profile)
    options = (["brand"] if own else []) + ["upload"]
    choice = st.radio("History", options, horizontal=True, label_visibility="collapsed", key=f"{key}_source",
                      format_func=lambda o: f"Example history of {profile.name}" if o == "brand" else "Upload a CSV")
    if choice == "brand":
        return state.history_from_file(own)
    upload = st.file_uploader("Post history CSV", type=["csv", "gz"], key=f"{key}_upload")
    if upload is None:
        st.info("Export the period's posts with their results (likes, comments, reach or followers) and drop "
                "the CSV here.", icon=":material/upload_file:")
        return None
    return state.history_from_upload(upload.getvalue(), upload.name)


def _period(profile) -> None:
    from contentkit.review.period import review_period

    history = _history_choice(profile, "ck_review")
    if history is None:
        return
    left, right = st.columns([1, 2])
    days = left.number_input("Days before the last post", min_value=7, max_value=366, value=30, step=1)
    plan_dir = right.text_input("Plan folder (optional: the --out of contentkit plan)", key="ck_review_plan")
    review = review_period(profile, history, plan=plan_dir.strip() or None, days=int(days))
    data = review.to_json()
    for note in data["notes"]:
        st.caption(f":material/info: {note}")
    cells = st.columns(4)
    cells[0].metric("Posts published", data["posts"], help=f"{data['start']} – {data['end']}")
    planned = data["planned"]
    cells[1].metric("Planned posts published", f"{planned['published']} / {planned['planned']}" if planned else "—")
    cells[2].metric("Changes proposed", len(data["recommendations"]))
    growth = sum(f["growth"] for f in data["followers"])
    cells[3].metric("Followers gained", f"{growth:+,.0f}" if data["followers"] else "—")
    data["recommendations"] = _recommendations(data["recommendations"])
    _learn_button(profile, data)
    left, right = st.columns(2, gap="large")
    with left:
        _heat(data)
    with right:
        _mix(data)
    _tags(data)
    _posts(data)
    _downloads(profile, data)


def _recommendations(recs: list[dict]) -> list[dict]:
    st.subheader("Changes for the next plan", anchor=False)
    if not recs:
        st.info("None: no part of the period stands out clearly enough over enough posts.")
        return recs
    table = pd.DataFrame([{"accepted": r["accepted"], "what": r["kind"].replace("_", " "),
                           "change": f"{r['target']}: {r['change']}", "evidence": r["evidence"],
                           "posts": r["posts"], "confidence": r["confidence"]} for r in recs])
    edited = st.data_editor(table, hide_index=True, width="stretch", key="ck_review_recs",
                            disabled=["what", "change", "evidence", "posts", "confidence"],
                            column_config={"accepted": st.column_config.CheckboxColumn("apply")})
    return [{**r, "accepted": bool(a)} for r, a in zip(recs, edited["accepted"])]


def _learn_button(profile, data: dict) -> None:
    accepted = sum(r["accepted"] for r in data["recommendations"])

    def learn() -> None:
        st.session_state[LEARNED] = {"brand": profile.slug, "review": data}
        st.session_state["ck_page"] = "Plan"  # before the sidebar's radio is drawn again

    st.button(f"Plan the next 14 days with these {accepted} change(s)", type="primary", disabled=not accepted,
              icon=":material/auto_awesome:", on_click=learn, key="ck_review_learn")


def _heat(data: dict) -> None:
    st.subheader("ER by hour and weekday", anchor=False)
    cells = pd.DataFrame(data["heat"])
    if cells.empty:
        st.info("No post with an ER in the period.")
        return
    cells["weekday"] = cells["weekday"].map(lambda d: WEEKDAYS[int(d)])
    st.caption("Median ER against the account's median (green beats it); the number is the posts behind it.")
    base = alt.Chart(cells).encode(x=alt.X("hour:O", title="Hour"), y=alt.Y("weekday:O", sort=WEEKDAYS, title=None))
    rect = base.mark_rect(cornerRadius=3).encode(color=alt.Color("lift:Q", scale=LIFT_SCALE, title="ER lift"),
                                                 tooltip=["weekday", "hour", "posts", alt.Tooltip("lift:Q", format=".2f")])
    text = base.mark_text(fontSize=11).encode(text="posts:Q")
    st.altair_chart((rect + text).properties(height=260), width="stretch")


def _mix(data: dict) -> None:
    st.subheader("Pillar mix: planned vs published", anchor=False)
    published = {r["group"]: r["posts"] for r in data["breakdowns"]["pillar"]}
    counts = (data["planned"] or {}).get("pillar_mix_planned") or {}
    planned = ({k: v / sum(counts.values()) for k, v in counts.items()} if counts else data["brand_shares"])
    total = sum(published.values()) or 1
    rows = [{"pillar": n, "kind": "planned", "share": planned.get(n, 0.0)} for n in data["brand_shares"]]
    rows += [{"pillar": n, "kind": "published", "share": published.get(n, 0) / total, "posts": published.get(n, 0)}
             for n in data["brand_shares"]]
    chart = alt.Chart(pd.DataFrame(rows)).mark_bar(cornerRadiusEnd=3).encode(
        x=alt.X("share:Q", axis=alt.Axis(format="%"), title=None), y=alt.Y("pillar:N", title=None),
        yOffset="kind:N", color=alt.Color("kind:N", legend=alt.Legend(orient="bottom", title=None)),
        tooltip=["pillar", "kind", alt.Tooltip("share:Q", format=".0%"), "posts"])
    st.altair_chart(chart.properties(height=260), width="stretch")
    if not counts:
        st.caption("No plan given: the brand's shares stand in for it, and pillars are guessed from the text.")


def _tags(data: dict) -> None:
    st.subheader("Hashtags: lift with the posts behind it", anchor=False)
    rows = pd.DataFrame(data["breakdowns"]["tags"])
    if rows.empty:
        st.info("No hashtags in the period.")
        return
    rows = rows.sort_values(["posts", "lift"], ascending=False).head(15)
    rows["label"] = rows["posts"].map(lambda n: f"n={n}" + (" · too few" if n < 3 else ""))
    bars = alt.Chart(rows).mark_bar(cornerRadiusEnd=4).encode(
        x=alt.X("lift:Q", title="ER vs the account's median (1 = typical)"),
        y=alt.Y("group:N", sort="-x", title=None), color=alt.Color("lift:Q", scale=LIFT_SCALE, legend=None),
        opacity=alt.condition("datum.posts >= 3", alt.value(1.0), alt.value(0.4)),
        tooltip=["group", "posts", alt.Tooltip("lift:Q", format=".2f"), alt.Tooltip("shrunk:Q", format=".2f")])
    labels = bars.mark_text(align="left", dx=4, color="#6B7080").encode(text="label:N")
    st.altair_chart((bars + labels).properties(height=320), width="stretch")


def _posts(data: dict) -> None:
    best, worst = st.columns(2, gap="large")
    for column, title, items in ((best, "Best posts", data["best"]), (worst, "Weakest posts", data["worst"])):
        with column:
            st.subheader(title, anchor=False)
            frame = pd.DataFrame(items)
            if not frame.empty:
                st.dataframe(frame[["published_at", "platform", "pillar", "lift", "text"]], hide_index=True,
                             width="stretch", column_config={"lift": st.column_config.NumberColumn(format="%.2f×")})


def _downloads(profile, data: dict) -> None:
    from contentkit.export.review_report import render_review_html

    left, right = st.columns(2)
    left.download_button("review.json (for plan --learn-from)", json.dumps(data, ensure_ascii=False, indent=2),
                         file_name="review.json", mime="application/json", key="ck_review_json")
    right.download_button("review.html", render_review_html(data, brand=profile), file_name="review.html",
                          mime="text/html", key="ck_review_html")


def _competitors(profile) -> None:
    from contentkit.review.rivals import compare_competitors

    uploads = st.file_uploader("Competitors' exports (one CSV each: account, published_at, text, likes, ...)",
                               type=["csv", "gz"], accept_multiple_files=True, key="ck_rivals_upload")
    paths = st.text_area("or their paths on this machine, one a line", key="ck_rivals_paths", height=68)
    files = [state.history_from_upload(u.getvalue(), u.name) for u in uploads or []]
    files += [line.strip() for line in paths.splitlines() if line.strip()]
    if not files:
        st.info("Drop one export per competitor; they are compared with the brand's own history.",
                icon=":material/groups:")
        return
    data = compare_competitors(profile, files).to_json()
    for note in data["notes"]:
        st.caption(f":material/info: {note}")
    st.subheader("What we would do differently", anchor=False)
    for idea in data["ideas"] or [{"kind": "", "what": "Nothing clear", "why": "no theme or hour works for them "
                                   "over enough posts where the brand is absent"}]:
        st.markdown(f"- **{idea['kind']} {idea['what']}**: {idea['why']}")
    rows = pd.DataFrame([{"account": a["account"] + (" (brand)" if a["side"] == "brand" else ""),
                          "posts a week": sum(a["posts_per_week"].values()), "median ER": a["median_er"],
                          "posts": a["posts"]} for a in data["accounts"]])
    chart = alt.Chart(rows).mark_bar(cornerRadiusEnd=4).encode(
        x=alt.X("median ER:Q", axis=alt.Axis(format="%")), y=alt.Y("account:N", sort="-x", title=None),
        tooltip=["account", "posts", "posts a week", alt.Tooltip("median ER:Q", format=".2%")])
    st.altair_chart(chart.properties(height=40 * len(rows)), width="stretch")
    st.dataframe(pd.DataFrame(data["themes"])[["theme", "brand_posts", "competitor_posts", "competitor_lift", "example"]],
                 hide_index=True, width="stretch")
