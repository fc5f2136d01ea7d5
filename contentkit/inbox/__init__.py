"""The community inbox: comments and messages triaged, with on-brand replies drafted.

``load_inbox(path)`` reads a CSV or JSON export into ``InboxItem`` records, reporting bad
rows as ``RowProblem`` without losing the good ones; ``parse_pasted(text)`` does the same
for text pasted in the page. ``triage(items)`` labels each one spam, negative, question,
praise or other with an offline scikit-learn classifier and orders them by priority;
``draft_replies(triaged, brand)`` drafts the answers.

Inside: ``items`` (the records and the readers), ``dates`` (the date spellings exports
use), ``classifier`` (the shipped real and hand-written data and the models fitted from
them on first use),
``corrections`` (the labels a manager corrected, used at the next fit), ``signals`` (cheap
features of a comment: links, question words, emoji), ``languages``
(a comment's language, scored against the languages of its script), ``priority``
(who is answered first, and why), ``triage`` (labels and order), ``refine`` (the LLM's
reading of each comment, weighed with the classifier's), ``replies`` (the drafts),
``own_words`` (replies made of words a person wrote, where a model's are not worth asking for).
"""

from .._lazy import lazy_exports

# The function triage lives in the module triage.py: once that module is imported, Python
# binds the package attribute "triage" to the module, which a lazy export cannot undo. So
# these three are bound here; the module imports no scikit-learn until a triage runs.
from .triage import LABELS, Triaged, triage

_EXPORTS = {
    "InboxItem": "items",
    "InboxFile": "items",
    "RowProblem": "items",
    "load_inbox": "items",
    "parse_pasted": "items",
    "ReplyDraft": "replies",
    "draft_replies": "replies",
}
__all__ = sorted([*_EXPORTS, "LABELS", "Triaged", "triage"])
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
