"""The library's own error family.

Errors stay typed inside the library and carry the offending file, field and value, so
that the CLI and the Streamlit page can turn them into one clear line at the edge.
"""

from __future__ import annotations

from pathlib import Path


class ContentkitError(Exception):
    """Base of every error contentkit raises on purpose.

    ``file`` and ``field`` name what was wrong; ``hint`` says how to fix it.
    ``str(error)`` is the one line a user sees.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.message = message
        self.file = str(file) if file is not None else None
        self.field = field
        self.hint = hint
        super().__init__(self._render())

    def _render(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        if self.field:
            where.append(f"field '{self.field}'")
        text = f"{': '.join(where)}: {self.message}" if where else self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class BrandError(ContentkitError):
    """A brand profile is missing, unreadable or invalid."""


class PlatformError(ContentkitError):
    """An unknown platform or image format was asked for."""


class LanguageError(ContentkitError):
    """An unknown language code."""


class HistoryError(ContentkitError):
    """A post-history CSV or DataFrame cannot be used."""


class ModelFileError(ContentkitError):
    """A saved model is missing, tampered with or of another format version."""


class NotFittedError(ContentkitError, ValueError):
    """An estimator was used before ``fit``."""


class TemplateError(ContentkitError):
    """A prompt template is missing, broken or lacks a variable."""


class BackendError(ContentkitError):
    """An LLM backend cannot be created or failed to answer."""


class ImageError(ContentkitError):
    """An image cannot be composed from the given input."""


class PlanError(ContentkitError):
    """A content plan cannot be made or resumed."""


class InboxError(ContentkitError):
    """A comments/messages export cannot be read at all (single bad rows are reported, not raised)."""


class ReviewError(ContentkitError):
    """A review, a competitor's export or a review file cannot be used."""
