"""Insights: what worked in a post history. ER over time, hashtag lift, best times, best and worst posts."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from contentkit.ui import state
from contentkit.ui.widgets import friendly, header

WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
LIFT_SCALE = alt.Scale(scheme="redyellowgreen", domainMid=1.0)


def render() -> None:
    header("Insights", "Upload a post history (CSV: account, published_at, text, likes; optional comments, "
                       "shares, saves, reach, followers, hashtags, platform) and see what worked.")
    history = None
    with friendly("Reading the history"):
        history = _source()
    if history is None:
        return
    for note in history.notes:
        st.caption(f":material/info: {note}")
    accounts = history.accounts
    if len(accounts) > 1:
        chosen = st.selectbox("Account", ["All accounts", *accounts])
        if chosen != "All accounts":
            history = history.for_account(chosen)
    _metrics(history)
    left, right = st.columns(2, gap="large")
    with left:
        _er_over_time(history)
    with right:
        _hashtags(history)
    _heatmap(history)
    _best_and_worst(history)


def _source():
    profile = state.active_brand()
    from contentkit.plans.history import default_history

    own = default_history(profile) if profile is not None else None
    options = (["brand"] if own else []) + ["upload"]
    choice = st.radio("History", options, horizontal=True, label_visibility="collapsed", key="ck_insights_source",
                      format_func=lambda o: f"Example history of {profile.name}" if o == "brand"
                      else "Upload a CSV")
    if choice == "brand":
        return state.history_from_file(own)
    upload = st.file_uploader("Post history CSV", type=["csv", "gz"], key="ck_insights_upload")
    if upload is None:
        st.info("Export your posts from the platform or your scheduler and drop the CSV here.",
                icon=":material/upload_file:")
        return None
    return state.history_from_upload(upload.getvalue(), upload.name)


def _metrics(history) -> None:
    posts = history.posts
    cells = st.columns(4)
    cells[0].metric("Posts", f"{len(posts):,}")
    cells[1].metric("Median ER", _pct(posts["er"].median()), help=f"ER by {history.er_basis}")
    cells[2].metric("Best post ER", _pct(posts["er"].max()))
    first, last = posts["published_at"].min(), posts["published_at"].max()
    cells[3].metric("Period", f"{first:%b %Y} – {last:%b %Y}" if pd.notna(first) else "—",
                    help=f"{first:%d %b %Y} – {last:%d %b %Y}" if pd.notna(first) else None)


def _pct(value: float) -> str:
    return "—" if pd.isna(value) else f"{value:.1%}"


def _er_over_time(history) -> None:
    st.subheader("ER over time", anchor=False)
    posts = history.posts.dropna(subset=["er"])
    if posts.empty:
        st.info("No post has an ER: the file needs likes and followers or reach.")
        return
    when = posts["published_at"]
    weekly = (posts.assign(week=(when.dt.tz_localize(None) if when.dt.tz is not None else when)
                           .dt.to_period("W").dt.start_time)
              .groupby(["account", "week"], as_index=False)["er"].median())
    line = alt.Chart(weekly).mark_line(point=True, strokeWidth=2.5).encode(
        x=alt.X("week:T", title=None),
        y=alt.Y("er:Q", title="Median ER per week", axis=alt.Axis(format="%")),
        color=alt.Color("account:N", legend=alt.Legend(orient="bottom", title=None)
                        if weekly["account"].nunique() > 1 else None),
        tooltip=[alt.Tooltip("week:T", title="Week of"), "account", alt.Tooltip("er:Q", format=".2%")])
    st.altair_chart(line.properties(height=300), width="stretch")


def _hashtags(history) -> None:
    st.subheader("Top hashtags by ER lift", anchor=False)
    table = history.hashtag_performance(min_posts=3)
    if table.empty:
        st.info("No hashtag appears in three or more posts yet.")
        return
    st.caption("Each tag's posts against the account's median ER (the dashed line); the label says how "
               "often the tag was used. A tag left of the line is a habit that does not earn its place.")
    top = table.head(12).assign(used=lambda t: t["posts"].astype(str) + " posts")
    bars = alt.Chart(top).mark_bar(cornerRadiusEnd=4).encode(
        x=alt.X("lift:Q", title="ER vs the account's median (1 = typical)"),
        y=alt.Y("tag:N", sort="-x", title=None, axis=alt.Axis(labelOverlap=False, labelLimit=180)),
        color=alt.Color("lift:Q", scale=LIFT_SCALE, legend=None),
        tooltip=["tag", "posts", alt.Tooltip("share:Q", format=".0%", title="share of posts"),
                 alt.Tooltip("lift:Q", format=".2f"), alt.Tooltip("median_er:Q", format=".2%")])
    labels = bars.mark_text(align="left", dx=4, color="#6B7080").encode(text="used:N")
    rule = alt.Chart(pd.DataFrame({"x": [1.0]})).mark_rule(strokeDash=[4, 4], color="#6B7080").encode(x="x:Q")
    st.altair_chart((bars + labels + rule).properties(height=320), width="stretch")
    shown = (table.sort_values(["posts", "lift"], ascending=False)
             [["tag", "posts", "share", "lift", "median_er"]]
             .rename(columns={"tag": "Hashtag", "posts": "Used in", "share": "Share of posts",
                              "lift": "ER lift", "median_er": "Median ER"}))
    st.dataframe(shown, hide_index=True, width="stretch", height=220, column_config={
        "Share of posts": st.column_config.ProgressColumn(format="percent", min_value=0.0, max_value=1.0),
        "ER lift": st.column_config.NumberColumn(format="%.2f×"),
        "Median ER": st.column_config.NumberColumn(format="percent")})


def _heatmap(history) -> None:
    st.subheader("Best posting times", anchor=False)
    cells = history.best_times(min_posts=1)
    if cells.empty:
        st.info("Not enough posts with an ER to compare posting times.")
        return
    st.caption("Median ER of posts in each weekday × hour, against the account's median "
               "(green beats it). Times as written in the file; hover a cell for the post count.")
    heat = alt.Chart(cells).mark_rect(cornerRadius=3).encode(
        x=alt.X("hour:O", title="Hour of day"),
        y=alt.Y("weekday:O", sort=WEEKDAYS, title=None),
        color=alt.Color("lift:Q", scale=LIFT_SCALE, title="ER lift"),
        tooltip=["weekday", "hour", "posts", alt.Tooltip("lift:Q", format=".2f")])
    st.altair_chart(heat.properties(height=260), width="stretch")


def _best_and_worst(history) -> None:
    posts = history.posts.dropna(subset=["rel_er"])
    if posts.empty:
        return
    columns = {"published_at": "Published", "account": "Account", "text": "Post", "er": "ER",
               "rel_er": "vs median"}
    config = {"ER": st.column_config.NumberColumn(format="percent"),
              "vs median": st.column_config.NumberColumn(format="%.2f×"),
              "Published": st.column_config.DatetimeColumn(format="D MMM YYYY, HH:mm"),
              "Post": st.column_config.TextColumn(width="large")}
    best, worst = st.columns(2, gap="large")
    for column, title, frame in ((best, "Best posts", posts.nlargest(5, "rel_er")),
                                 (worst, "Weakest posts", posts.nsmallest(5, "rel_er"))):
        with column:
            st.subheader(title, anchor=False)
            wanted = [c for c in columns if c != "account" or posts["account"].nunique() > 1]
            shown = frame[wanted].rename(columns=columns)
            shown["Post"] = shown["Post"].str.replace(r"\s+", " ", regex=True).str.slice(0, 160)
            st.dataframe(shown, hide_index=True, width="stretch", column_config=config)
