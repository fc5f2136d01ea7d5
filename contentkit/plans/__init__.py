"""Two-week content plans: slots, topics, batch drafting, checkpoint and resume.

``plan_content(brand, start=..., days=14)`` returns a ``ContentPlan`` of ``PlannedPost``
records, one per ``Slot``. Every finished post is journaled as it lands, so a crash loses
nothing already generated and a rerun resumes.

Inside: ``runner`` (the batch run), ``model`` (the plan's records), ``slots`` (dates and
times from cadence and history), ``topics`` and ``own_topics`` (what each post is about,
no repeats), ``parts`` (hashtags and images for a post), ``history`` (what a plan learns
from the brand's past posts), ``request_pool`` (requests kept in flight),
``checkpoint`` (the journal).
"""

from .._lazy import lazy_exports

_EXPORTS = {
    "plan_content": "runner",
    "ContentPlan": "model",
    "PlannedPost": "model",
    "Slot": "model",
    "make_slots": "slots",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
