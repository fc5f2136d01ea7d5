"""Exports of a content plan: scheduler CSVs, an ICS calendar, JSON, Markdown, an HTML report, a zip.

``export_all(plan, folder)`` writes every format into one folder; ``load_plan_json`` reads
a plan back. Each format is a plain function over a ``ContentPlan``.

Inside: ``bundle`` (JSON, Markdown, zip, export_all), ``csv_shapes`` (generic and scheduler
CSVs), ``ics``, ``html_report`` with ``html_cards`` and ``html_style``, ``agenda`` (dates,
time zones and ordering shared by all of them).
"""

from .._lazy import lazy_exports

_EXPORTS = {
    "export_all": "bundle",
    "load_plan_json": "bundle",
    "write_json": "bundle",
    "write_markdown": "bundle",
    "write_zip": "bundle",
    "write_csv": "csv_shapes",
    "write_scheduler_csvs": "csv_shapes",
    "write_ics": "ics",
    "write_html": "html_report",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
