"""After a period: what worked, what the competitors do, and what the next plan changes.

``review_period(brand, history, plan=...)`` compares the plan with what was published and
breaks ER down by pillar, format, platform, weekday, hour and hashtag, each figure with the
posts behind it; ``recommend`` turns that into changes with a confidence;
``compare_competitors`` reads competitors' exports beside the brand's own history;
``apply_review`` gives the brand profile the next plan is made from.

Inside: ``breakdown`` (ER by group with n and shrinkage), ``matching`` (planned vs
published), ``period`` (the review), ``advice`` (recommendations), ``rivals`` (competitors,
themes with scikit-learn), ``learn`` (a review applied to a brand profile).
"""

from .._lazy import lazy_exports

_EXPORTS = {
    "review_period": "period",
    "PeriodReview": "period",
    "load_review": "learn",
    "apply_review": "learn",
    "compare_competitors": "rivals",
    "CompetitorReport": "rivals",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
