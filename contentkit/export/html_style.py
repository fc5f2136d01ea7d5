"""The stylesheet of the HTML plan report, inlined into the page.

Kept out of the markup code so the two can be read apart. System font stacks only: the
report must render offline and make no request, so no web fonts are linked.
"""

from __future__ import annotations

PLATFORM_COLOURS = {
    "instagram": "#E1306C", "facebook": "#1877F2", "x": "#0F1419", "linkedin": "#0A66C2",
    "threads": "#101010", "telegram": "#229ED9", "vk": "#0077FF", "odnoklassniki": "#EE8208",
    "youtube": "#FF0033", "tiktok": "#FE2C55",
}
PILLAR_COLOURS = ("#6366F1", "#F59E0B", "#10B981", "#EC4899", "#0EA5E9", "#8B5CF6", "#EF4444", "#14B8A6")

CSS = """
*,*::before,*::after{box-sizing:border-box}
:root{--ink:#111827;--muted:#6b7280;--line:#e5e7eb;--bg:#f4f5f7;--card:#fff;--ok:#059669;--warn:#d97706;--bad:#dc2626;
--sans:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Helvetica Neue",Arial,"DejaVu Sans",sans-serif,
"Apple Color Emoji","Segoe UI Emoji","Noto Color Emoji","Noto Emoji"}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 var(--sans)}
img{display:block;max-width:100%;height:auto}
.wrap{max-width:1200px;margin:0 auto;padding:0 24px}
.hero{background:linear-gradient(120deg,var(--brand) 0%,var(--brand2) 100%);color:var(--on-brand);padding:36px 0 84px}
.hero .wrap{display:flex;align-items:center;gap:22px}
.hero .av{width:76px;height:76px;font-size:28px;box-shadow:0 0 0 4px rgba(255,255,255,.35)}
.eyebrow{margin:0;text-transform:uppercase;letter-spacing:.12em;font-size:12px;font-weight:600;opacity:.8}
.hero h1{margin:2px 0 4px;font-size:32px;line-height:1.15;letter-spacing:-.01em}
.hero .sub{margin:0;opacity:.88;font-size:15px}
.summary{margin-top:-56px;background:var(--card);border-radius:18px;box-shadow:0 10px 30px rgba(17,24,39,.08);
padding:22px 24px;display:grid;gap:20px}
.stats{display:grid;grid-template-columns:repeat(4,1fr);gap:12px}
.stat{border:1px solid var(--line);border-radius:14px;padding:12px 16px}
.stat b{display:block;font-size:28px;line-height:1.1}
.stat span{color:var(--muted);font-size:13px}
.stat.ok b{color:var(--ok)}.stat.warn b{color:var(--warn)}.stat.bad b{color:var(--bad)}
.mix{display:grid;grid-template-columns:1fr 1fr;gap:28px}
.mix h3{margin:0 0 10px;font-size:12px;text-transform:uppercase;letter-spacing:.08em;color:var(--muted)}
.prow{display:grid;grid-template-columns:110px 1fr 28px;align-items:center;gap:10px;margin:6px 0;font-size:13px}
.track{height:8px;border-radius:99px;background:#f0f1f3;overflow:hidden}
.track i{display:block;height:100%;border-radius:99px}
.stack{display:flex;height:12px;border-radius:99px;overflow:hidden;background:#f0f1f3}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;margin:12px 0 0;padding:0;list-style:none;font-size:13px}
.legend li{display:flex;align-items:center;gap:6px}
.dot{width:10px;height:10px;border-radius:50%;display:inline-block;flex:none}
.failures{margin:0;padding:12px 16px;border-radius:12px;background:#fef2f2;color:#991b1b;font-size:13px}
.failures b{display:block;margin-bottom:4px}
.notes{margin:0;padding:12px 16px;border-radius:12px;background:#eff6ff;color:#1e3a8a;font-size:13px}
.notes b{display:block;margin-bottom:4px}
.notes ul{margin:0;padding-left:18px}
.failures ul{margin:0;padding-left:18px}
.filters{position:sticky;top:0;z-index:5;background:rgba(244,245,247,.92);backdrop-filter:blur(6px);
padding:14px 24px;margin-top:8px;display:flex;flex-wrap:wrap;gap:8px;align-items:center}
.filters input{position:absolute;opacity:0;pointer-events:none}
.filters label{cursor:pointer;border:1px solid var(--line);background:var(--card);border-radius:99px;padding:6px 14px;
font-size:13px;font-weight:500;display:inline-flex;align-items:center;gap:6px;user-select:none}
.filters input:checked+label{background:var(--ink);border-color:var(--ink);color:#fff}
.filters input:focus-visible+label{outline:2px solid var(--brand);outline-offset:2px}
.filters .lead{color:var(--muted);font-size:13px;margin-right:4px}
.day{margin:18px 0 30px}
.day h2{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 10px;margin:0 0 14px;font-size:20px;letter-spacing:-.01em}
.day h2 small{font-size:13px;font-weight:500;color:var(--muted)}
.day.empty h2{font-size:15px;color:var(--muted);margin:0}
.day.empty{margin:10px 0 18px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(340px,100%),1fr));gap:18px;align-items:start}
.post{background:var(--card);border-radius:16px;box-shadow:0 1px 2px rgba(17,24,39,.06),0 4px 14px rgba(17,24,39,.05);
overflow:hidden;border:1px solid #eceef1}
.slot{display:flex;align-items:center;gap:8px;padding:10px 14px;border-bottom:1px solid var(--line);font-size:12.5px}
.slot time{font-weight:700;font-variant-numeric:tabular-nums;font-size:14px}
.badge{display:inline-flex;align-items:center;gap:5px;font-weight:600}
.badge .dot{width:8px;height:8px}
.chip{border-radius:99px;padding:2px 9px;font-weight:600;font-size:11.5px;color:#fff;white-space:nowrap;
overflow:hidden;text-overflow:ellipsis;max-width:150px}
.state{margin-left:auto;font-weight:600;font-size:11.5px;border-radius:6px;padding:2px 7px}
.state.ok{background:#ecfdf5;color:var(--ok)}.state.warn{background:#fffbeb;color:var(--warn)}
.state.bad{background:#fef2f2;color:var(--bad)}
.topic{margin:0;padding:8px 14px 0;color:var(--muted);font-size:12.5px}
.topic b{color:var(--ink);font-weight:600}
.feed{margin:10px 12px;border-radius:12px;border:1px solid var(--line);overflow:hidden;background:#fff;color:#0f1419}
.fhead{display:flex;align-items:center;gap:10px;padding:10px 12px}
.fhead .who{display:flex;flex-direction:column;line-height:1.25;min-width:0}
.fhead .who b{font-size:13.5px}
.fhead .who span{font-size:12px;color:#65676b}
.fhead .more{margin-left:auto;color:#65676b;letter-spacing:2px;font-weight:700}
.av{width:36px;height:36px;border-radius:50%;flex:none;overflow:hidden;display:inline-flex;align-items:center;
justify-content:center;background:var(--brand);color:var(--on-brand);font-weight:700;font-size:14px}
.av img{width:100%;height:100%;object-fit:cover;background:#fff}
.txt{margin:0;padding:0 12px 12px;white-space:pre-wrap;overflow-wrap:anywhere;font-size:14px;line-height:1.45}
.tag,.lnk,.at{color:var(--pf-link,#00376b)}
.media{width:100%;background:#f3f4f6}
.noimg{margin:0 12px 12px;padding:18px;border:1px dashed #d1d5db;border-radius:10px;color:var(--muted);font-size:12px;text-align:center}
.acts{display:flex;align-items:center;gap:16px;padding:9px 12px;color:#262626}
.acts svg{width:22px;height:22px;fill:none;stroke:currentColor;stroke-width:1.8;stroke-linecap:round;stroke-linejoin:round}
.acts .end{margin-left:auto}
.bar3{display:flex;justify-content:space-around;border-top:1px solid var(--line);padding:6px 4px;color:#65676b;font-weight:600;font-size:13px}
.bar3 span{display:inline-flex;align-items:center;gap:6px}
.bar3 svg{width:18px;height:18px;fill:none;stroke:currentColor;stroke-width:1.8;stroke-linecap:round;stroke-linejoin:round}
/* Instagram: image first, caption after the handle */
.f-instagram{--pf-link:#00376b}
.f-instagram .fhead .av{box-shadow:0 0 0 2px #fff,0 0 0 4px #e1306c}
.f-instagram .txt{padding-top:2px}
.f-instagram .txt b{font-weight:600}
/* X and Threads: avatar column */
.f-x{--pf-link:#1d9bf0}.f-threads{--pf-link:#0095f6}
.xrow{display:flex;gap:10px;padding:12px}
.xbody{min-width:0;flex:1}
.xhead{font-size:13.5px;margin-bottom:2px}
.xhead span{color:#536471}
.xbody .txt{padding:0 0 10px}
.xbody .media,.xbody .noimg{border-radius:14px;border:1px solid #cfd9de;margin:0 0 4px}
.xbody .acts{padding:6px 0 0;justify-content:space-between;color:#536471}
.xbody .acts svg{width:18px;height:18px}
/* Facebook, VK, LinkedIn and the rest: text above the image */
.f-facebook{--pf-link:#385898}.f-vk{--pf-link:#2a5885}.f-linkedin{--pf-link:#0a66c2}
.f-linkedin .av{border-radius:8px}
.f-vk .fhead .who b{color:#2a5885}
/* Telegram: a channel post bubble on the chat wallpaper */
.f-telegram{--pf-link:#168acd;background:linear-gradient(160deg,#d7e6c4 0%,#b5d2a8 55%,#9cc2a4 100%);padding:14px 12px;border:0}
.bubble{background:#fff;border-radius:12px 12px 12px 4px;overflow:hidden;box-shadow:0 1px 1px rgba(0,0,0,.12);max-width:100%}
.bubble .chan{display:block;padding:8px 12px 2px;color:#168acd;font-weight:600;font-size:13.5px}
.bubble .txt{padding:2px 12px 4px}
.bubble .when{display:flex;justify-content:flex-end;align-items:center;gap:4px;padding:0 10px 6px;color:#8f9aa3;font-size:11.5px}
.bubble .when svg{width:14px;height:14px;fill:none;stroke:currentColor;stroke-width:1.8}
.meta{padding:4px 14px 14px;display:grid;gap:8px;font-size:12.5px}
.meter{display:grid;grid-template-columns:1fr auto;align-items:center;gap:10px;color:var(--muted)}
.meter .track{height:6px}
.meter.ok .track i{background:var(--ok)}.meter.warn .track i{background:var(--warn)}.meter.over .track i{background:var(--bad)}
.meter.over span{color:var(--bad);font-weight:600}
.facts{display:flex;flex-wrap:wrap;gap:6px;color:var(--muted)}
.facts span{background:#f3f4f6;border-radius:6px;padding:2px 7px}
.facts .over{background:#fef2f2;color:var(--bad);font-weight:600}
.warnings{margin:0;padding:8px 12px 8px 28px;background:#fffbeb;border:1px solid #fde68a;border-radius:10px;color:#92400e}
.warnings li+li{margin-top:3px}
.post.failed{border-color:#fecaca}
.post.failed .slot{background:#fef2f2;border-color:#fecaca}
.why{margin:12px 14px 14px;padding:12px 14px;border-radius:10px;background:#fef2f2;color:#991b1b;white-space:pre-wrap;overflow-wrap:anywhere}
.why b{display:block;margin-bottom:4px}
.foot{color:var(--muted);font-size:12.5px;padding:10px 0 40px;border-top:1px solid var(--line);margin-top:10px}
@media (max-width:760px){.summary{margin-left:12px;margin-right:12px;padding:18px}.stats{grid-template-columns:repeat(2,1fr)}.mix{grid-template-columns:1fr}.hero h1{font-size:26px}}
@media print{.filters{display:none}body{background:#fff}.post{break-inside:avoid;box-shadow:none}
.hero{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""
