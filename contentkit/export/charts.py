"""Pictures for the review and competitor reports, drawn in plain HTML and CSS.

No script and no image files: a heat map is a table whose cells are coloured, a bar is a
sized <i>. Every figure says how many posts stand behind it, and a figure on too few posts
is drawn pale and marked, so that one lucky post does not read as a finding.
"""

from __future__ import annotations

from html import escape
from typing import Any

from .html_style import CSS

CHART_CSS = """
.sec{background:var(--card);border-radius:16px;padding:18px 22px;margin:18px 0;box-shadow:0 1px 2px rgba(17,24,39,.06)}
.sec h2{margin:0 0 4px;font-size:18px}.sec .hint{margin:0 0 12px;color:var(--muted);font-size:13px}
table.t{border-collapse:collapse;width:100%;font-size:13px}
table.t th,table.t td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
table.t td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.heat{border-collapse:separate;border-spacing:2px;font-size:11px}
table.heat td{width:30px;height:26px;text-align:center;border-radius:4px;color:#111827}
table.heat th{font-weight:600;color:var(--muted);padding:0 4px}
.thin{opacity:.45}
.lrow{display:grid;grid-template-columns:190px 1fr 120px;align-items:center;gap:10px;margin:5px 0;font-size:13px}
.lrow .lab{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.ltrack{position:relative;height:12px;background:#f0f1f3;border-radius:99px}
.ltrack i{position:absolute;top:0;bottom:0;border-radius:99px}
.ltrack b{position:absolute;top:-3px;bottom:-3px;width:2px;background:var(--ink);left:50%}
.conf{border-radius:6px;padding:1px 7px;font-size:11.5px;font-weight:600;white-space:nowrap}
.conf.high{background:#ecfdf5;color:var(--ok)}.conf.medium{background:#eff6ff;color:#1d4ed8}
.conf.low{background:#fffbeb;color:var(--warn)}.conf.too{background:#f3f4f6;color:var(--muted)}
.ptext{white-space:pre-wrap;overflow-wrap:anywhere;max-width:640px}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:24px}
@media (max-width:760px){.pair{grid-template-columns:1fr}.lrow{grid-template-columns:110px 1fr 90px}}
"""
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; form-action 'none'"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def page(title: str, colours: dict[str, str], hero: str, body: str, lang: str = "en") -> str:
    """A whole self-contained page in the plan report's look."""
    css_vars = ";".join(f"--{k}:{v}" for k, v in colours.items())
    return (f'<!DOCTYPE html><html lang="{escape(lang)}"><head><meta charset="utf-8">'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>{escape(title)}</title>'
            f'<style>:root{{{css_vars}}}{CSS}{CHART_CSS}</style></head><body>{hero}'
            f'<main class="wrap">{body}</main></body></html>')


def hero(eyebrow: str, name: str, sub: str) -> str:
    initials = "".join(w[0] for w in name.split()[:2]).upper() or "?"
    return (f'<header class="hero"><div class="wrap"><span class="av" aria-hidden="true">{escape(initials)}</span>'
            f'<div><p class="eyebrow">{escape(eyebrow)}</p><h1>{escape(name)}</h1>'
            f'<p class="sub">{escape(sub)}</p></div></div></header>')


def section(title: str, inner: str, hint: str = "") -> str:
    hint_html = f'<p class="hint">{escape(hint)}</p>' if hint else ""
    return f'<section class="sec"><h2>{escape(title)}</h2>{hint_html}{inner}</section>'


def lift_colour(lift: float | None) -> str:
    """Green above the median, red below, white at it; saturated at 2x and 0.5x."""
    if lift is None or lift != lift:
        return "#f3f4f6"
    t = max(-1.0, min(1.0, (lift - 1.0) / (1.0 if lift > 1 else 0.5)))
    if t >= 0:
        return f"rgb({int(255 - 160 * t)},{int(255 - 40 * t)},{int(255 - 130 * t)})"
    t = -t
    return f"rgb(255,{int(255 - 150 * t)},{int(255 - 150 * t)})"


def heat_map(cells: list[dict[str, Any]], min_posts: int = 3) -> str:
    """Weekday rows x hour columns; colour by median lift, the number is the posts behind it."""
    if not cells:
        return '<p class="hint">No posts with ER in this period.</p>'
    hours = sorted({int(c["hour"]) for c in cells})
    grid = {(int(c["weekday"]), int(c["hour"])): c for c in cells}
    head = "".join(f"<th>{h:02d}</th>" for h in hours)
    rows = []
    for d, name in enumerate(WEEKDAYS):
        tds = []
        for h in hours:
            c = grid.get((d, h))
            if c is None:
                tds.append('<td style="background:#fafafa"></td>')
                continue
            thin = ' class="thin"' if c["posts"] < min_posts else ""
            tip = f'{name} {h:02d}:00: {c["lift"]:.2f}x median ER, {c["posts"]} post(s)'
            tds.append(f'<td{thin} style="background:{lift_colour(c["lift"])}" title="{escape(tip)}">{c["posts"]}</td>')
        rows.append(f"<tr><th>{name}</th>{''.join(tds)}</tr>")
    return (f'<table class="heat" aria-label="ER by hour and weekday"><tr><th></th>{head}</tr>{"".join(rows)}</table>'
            f'<p class="hint">Numbers are posts; green beats the account\'s median ER, red falls short; '
            f'pale cells have fewer than {min_posts} posts.</p>')


def lift_bars(rows: list[dict[str, Any]], label: str = "group", min_posts: int = 3) -> str:
    """One bar per row around the median (the black line is 1.0x), with the posts behind it."""
    if not rows:
        return '<p class="hint">Nothing to show.</p>'
    out = []
    for r in rows:
        lift = r.get("lift")
        if lift is None:
            continue
        pos = max(0.0, min(1.0, lift / 2))  # 0x .. 2x across the track, 1x in the middle
        left, width = (0.5, pos - 0.5) if pos >= 0.5 else (pos, 0.5 - pos)
        colour = "var(--ok)" if lift >= 1 else "var(--bad)"
        thin = " thin" if r.get("posts", 0) < min_posts else ""
        note = " · too few posts" if thin else ""
        out.append(f'<div class="lrow{thin}"><span class="lab" title="{escape(str(r[label]))}">{escape(str(r[label]))}</span>'
                   f'<span class="ltrack"><i style="left:{left:.1%};width:{width:.1%};background:{colour}"></i><b></b></span>'
                   f'<span>{lift:.2f}x · n={r.get("posts", 0)}{note}</span></div>')
    return "".join(out)


def share_bars(title: str, shares: dict[str, float], colours: dict[str, str], counts: dict[str, int] | None = None) -> str:
    rows = []
    for name, share in shares.items():
        n = f" · n={counts.get(name, 0)}" if counts is not None else ""
        rows.append(f'<div class="lrow"><span class="lab">{escape(name)}</span><span class="ltrack">'
                    f'<i style="left:0;width:{share:.1%};background:{colours.get(name, "#6366F1")}"></i></span>'
                    f'<span>{share:.0%}{n}</span></div>')
    return f'<div><h3>{escape(title)}</h3>{"".join(rows)}</div>'


def table(headers: list[str], rows: list[list[Any]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f'<td{" class=n" if i in numeric else ""}>{cell}</td>' for i, cell in enumerate(row))
                   + "</tr>" for row in rows)
    return f'<table class="t"><tr>{head}</tr>{body}</table>'


def conf_badge(conf: str) -> str:
    key = "too" if conf.startswith("too") else conf
    return f'<span class="conf {escape(key)}">{escape(conf)}</span>'


def pct(value: float | None, digits: int = 2) -> str:
    return "–" if value is None or value != value else f"{value:.{digits}%}"
