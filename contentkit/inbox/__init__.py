"""The community inbox: comments and messages triaged, with on-brand replies drafted.

``load_inbox(path)`` reads a CSV or JSON export into ``InboxItem`` records, reporting bad
rows as ``RowProblem`` without losing the good ones; ``parse_pasted(text)`` does the same
for text pasted in the page. ``triage(items)`` labels each one spam, negative, question,
praise or other with an offline scikit-learn classifier and orders them by priority;
``draft_replies(triaged, brand)`` drafts the answers.

Inside: ``items`` (the records and the readers), ``dates`` (the date spellings exports
use), ``classifier`` (the shipped examples and the model fitted from them on first use),
``signals`` (cheap features of a comment: links, question words, emoji), ``priority``
(who is answered first, and why), ``triage`` (labels, the LLM's second opinion on the
uncertain ones), ``replies`` (the drafts).
"""

from .._lazy import lazy_exports

_EXPORTS = {
    "InboxItem": "items",
    "InboxFile": "items",
    "RowProblem": "items",
    "load_inbox": "items",
    "parse_pasted": "items",
    "LABELS": "triage",
    "Triaged": "triage",
    "triage": "triage",
    "ReplyDraft": "replies",
    "draft_replies": "replies",
}
__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
