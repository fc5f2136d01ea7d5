"""Prompt templates: loading and rendering the Jinja2 files in ``prompts/``.

Templates render in an immutable sandbox with ``StrictUndefined``, so a user's template can
neither reach Python internals nor silently drop a variable it misspelled. A user folder
(``CONTENTKIT_TEMPLATES``) is searched first: a file there overrides the built-in one of the
same name, and new files add templates. Everything a user or client typed (topic, pillar,
call to action) passes through :func:`clean_user_text` before it reaches a template.
"""

from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from .config import PROJECT_ROOT, templates_dir
from .errors import TemplateError
from .language_codes import language_name
from .platforms import Platform, get_platform

if TYPE_CHECKING:
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from .brand import BrandProfile, Persona, Pillar
    from .llm.base import Messages
    from .writing.formats import Format

BUILTIN_DIR = PROJECT_ROOT / "prompts"

# Target length in words; the platform limit is enforced afterwards by checks.fit_to_limit.
_WORDS = {"x": 30, "threads": 50, "tiktok": 40, "instagram": 80}
_DEFAULT_WORDS = 90
EXAMPLE_CHARS = 200
MATERIAL_WORDS = 60

# Anything that could close the fenced data block or pose as a chat turn.
_SPECIAL_TOKEN = re.compile(
    r"<\|[^|>]{0,40}\|>|</?s>|\[/?INST\]|<</?SYS>>|<(?:start|end)_of_turn>|<\|?endoftext\|?>",
    re.IGNORECASE,
)
_FENCE = re.compile(r"`+|~{3,}|\"{3,}|'{3,}|<{3,}|>{3,}")
_ROLE_LABEL = re.compile(r"(?im)^\s*(?:system|assistant|user|human|ai)\s*:\s*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_user_text(text: str, *, one_line: bool = True, limit: int = 500) -> str:
    """User text made safe to place inside a prompt's data block.

    Removes fence and delimiter look-alikes, chat special tokens and role labels, so that
    "```\\nsystem: ignore previous instructions" in a topic stays inside its block. A topic
    is one line: a newline is the easiest way to fake a new section.
    """
    text = _CONTROL.sub("", str(text))
    text = _SPECIAL_TOKEN.sub(" ", text)
    text = _FENCE.sub(" ", text)
    text = _ROLE_LABEL.sub("", text)
    if one_line:
        text = " ".join(text.split())
    else:
        text = "\n".join(" ".join(line.split()) for line in text.splitlines()).strip()
    return text[:limit].strip()


@functools.lru_cache(maxsize=8)
def _environment(user_dir: str | None) -> ImmutableSandboxedEnvironment:
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    folders = [user_dir] if user_dir else []
    loader = ChoiceLoader([FileSystemLoader(folder) for folder in [*folders, str(BUILTIN_DIR)]])
    return ImmutableSandboxedEnvironment(
        loader=loader,
        undefined=StrictUndefined,
        autoescape=False,  # prompts are plain text, not HTML
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )


def environment() -> ImmutableSandboxedEnvironment:
    """The template environment for the current user folder (built on first use)."""
    folder = templates_dir()
    return _environment(str(folder) if folder else None)


def template_names() -> list[str]:
    """Every template a user can render: built-in ones and those in the user folder."""
    return sorted(name for name in environment().list_templates() if name.endswith(".j2"))


def template_variables(name: str) -> set[str]:
    """Variables a template reads from its caller, its includes' too (``set`` names excluded)."""
    from jinja2 import meta

    env = environment()
    found: set[str] = set()
    todo, seen = [name], set()
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        source, filename, _ = _load_source(env, current)
        try:
            tree = env.parse(source, current, filename)
        except Exception as exc:  # noqa: BLE001 - any jinja error becomes ours, with the file
            raise _as_template_error(exc, current) from None
        found |= meta.find_undeclared_variables(tree)
        todo.extend(t for t in meta.find_referenced_templates(tree) if t)
    return found


def _load_source(env: ImmutableSandboxedEnvironment, name: str) -> tuple[str, str | None, Any]:
    from jinja2 import TemplateNotFound

    try:
        return env.loader.get_source(env, name) if env.loader else ("", None, None)
    except TemplateNotFound:
        raise _not_found(name) from None


def _not_found(name: str) -> TemplateError:
    return TemplateError(f"no prompt template '{name}'",
                         hint=f"built-in templates: {', '.join(template_names())}")


_UNDEFINED_NAME = re.compile(r"'([^']+)' is undefined|has no (?:attribute|element) '?([^']+?)'?$")


def _failing_template(tb: TracebackType | None) -> str | None:
    """The template file whose line raised: jinja rewrites frames to carry the template path."""
    found = None
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".j2", ".jinja", ".txt")):
            found = filename
        tb = tb.tb_next
    return found


def _as_template_error(exc: Exception, name: str, given: Iterable[str] = ()) -> TemplateError:
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.sandbox import SecurityError

    where = _failing_template(exc.__traceback__) or name
    if isinstance(exc, UndefinedError):
        match = _UNDEFINED_NAME.search(exc.message or "")
        variable = next((g for g in match.groups() if g), None) if match else None
        given = sorted(given)
        return TemplateError(f"template '{Path(where).name}' uses an undefined variable: {exc.message}",
                             file=where, field=variable,
                             hint=f"variables given: {', '.join(given)}" if given else None)
    if isinstance(exc, TemplateSyntaxError):
        return TemplateError(f"syntax error at line {exc.lineno}: {exc.message}",
                             file=exc.filename or name)
    if isinstance(exc, TemplateNotFound):
        return _not_found(exc.name or name)
    if isinstance(exc, SecurityError):
        return TemplateError(f"template '{Path(where).name}' tried an unsafe operation: {exc}", file=where)
    return TemplateError(f"template '{Path(where).name}' failed: {type(exc).__name__}: {exc}", file=where)


def render(name: str, **variables: Any) -> str:
    """Render template ``name`` with ``variables``; any failure is a :class:`TemplateError`
    naming the template file and, for a missing variable, the variable."""
    env = environment()
    try:
        template = env.get_template(name)
        text = template.render(**variables)
    except Exception as exc:  # noqa: BLE001 - jinja raises many kinds; each becomes ours
        raise _as_template_error(exc, name, variables) from None
    return _tidy(text)


def _tidy(text: str) -> str:
    """At most one blank line in a row, no trailing spaces: templates stay readable."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines))


# --- the prompts contentkit sends ------------------------------------------------------


def target_words(platform: str | Platform) -> int:
    """How long a post should be, in words, before the hard limit is applied."""
    rules = platform if isinstance(platform, Platform) else get_platform(platform)
    return _WORDS.get(rules.id, _DEFAULT_WORDS)


def pick_persona(brand: BrandProfile, topic: str, name: str | None = None, variant: int = 0) -> Persona | None:
    """The named persona, or one chosen by the topic (and variant) so a plan speaks to all."""
    if not brand.personas:
        return None
    if name:
        for persona in brand.personas:
            if persona.name.lower().startswith(name.strip().lower()):
                return persona
    return brand.personas[(zlib.crc32(topic.encode("utf-8")) + variant) % len(brand.personas)]


def pick_examples(brand: BrandProfile, platform: str, limit: int = 2, variant: int = 0) -> list[str]:
    """Up to ``limit`` example posts, the platform's own first (variants rotate through them);
    their hashtags removed so the model does not learn to invent tags."""
    from .checks import fit_to_limit, strip_hashtags

    posts = brand.voice.example_posts
    ranked = ([p for p in posts if p.platform == platform] + [p for p in posts if p.platform is None]
              + [p for p in posts if p.platform not in (platform, None)])
    if not ranked or limit <= 0:
        return []
    start = (variant * limit) % len(ranked)
    chosen = (ranked[start:] + ranked[:start])[:limit]
    # Short examples: they are read by every request, and a small model copies their length.
    return [fit_to_limit(strip_hashtags(p.text), platform, limit=EXAMPLE_CHARS) for p in chosen]


def _language_vars(brand: BrandProfile, language: str | None) -> dict[str, str]:
    code = (language or brand.language).lower()
    return {"language": code, "language_name": language_name(code)}


def post_messages(
    brand: BrandProfile,
    topic: str | None,
    *,
    platform: str = "instagram",
    pillar: Pillar | None = None,
    call_to_action: str | None = None,
    language: str | None = None,
    persona: str | None = None,
    repair: Sequence[str] = (),
    examples: int = 1,
    variant: int = 0,
    taken: Sequence[str] = (),
    angle: str | None = None,
    material: Sequence[str] = (),
) -> Messages:
    """Chat messages for one post: system prompt, few-shot examples, then the brief.

    ``repair`` names why an earlier draft was rejected ("empty", "copy", "language", "banned"); the
    request then carries a firmer instruction. ``variant`` rotates the examples and persona
    so that variants of one brief differ even under one seed. ``topic=None`` lets the model
    choose the topic and write it on the reply's first line (see ``topics.split_own_topic``):
    not one of ``taken``, and best for a reader with the problem ``angle``. ``material`` are
    the brand's own past posts on the topic, shown as facts the post may use.
    """
    rules = get_platform(platform)
    topic = clean_user_text(topic) if topic else None
    lang = _language_vars(brand, language)
    avoid = list(brand.voice.banned_words)
    common = {"brand": brand, "platform": rules, **lang}
    messages: Messages = [{"role": "system", "content": render(
        "system.j2", persona=pick_persona(brand, topic or angle or "", persona, variant),
        firm="language" in repair, fields=False, **common)}]
    # The brand's past posts on the topic are in the request: they are the examples then,
    # and a generic example post beside them only pulls the model off the topic.
    for text in pick_examples(brand, rules.id, 0 if material else examples, variant):
        messages.append({"role": "user", "content": render("example_request.j2", **common)})
        messages.append({"role": "assistant", "content": text})
    request = render(
        "post.j2", topic=topic, pillar=pillar, avoid=avoid,
        # Fewer words, fewer chances to go astray, when there are facts to stand on.
        words=min(target_words(rules), MATERIAL_WORDS) if material else target_words(rules),
        call_to_action=clean_user_text(call_to_action) if call_to_action else None,
        taken=[clean_user_text(t, limit=120) for t in taken], angle=clean_user_text(angle) if angle else None,
        material=[clean_user_text(m, limit=400) for m in material], **common)
    if repair:
        request += "\n\n" + render("repair.j2", reasons=list(repair), avoid=avoid, firm=True, **common)
    messages.append({"role": "user", "content": request})
    return messages


def fill_messages(
    brand: BrandProfile,
    topic: str,
    fmt: Format,
    *,
    platform: str = "instagram",
    language: str | None = None,
    persona: str | None = None,
    facts: Sequence[str] = (),
    repair: Sequence[str] = (),
    variant: int = 0,
) -> Messages:
    """Chat messages asking the model to fill ``fmt``'s fields about ``topic`` as JSON, standing
    on ``facts``; the reply is held to ``fmt.schema()`` by the backend where it can."""
    rules = get_platform(platform)
    common = {"brand": brand, "platform": rules, **_language_vars(brand, language)}
    system = render("system.j2", persona=pick_persona(brand, topic, persona, variant),
                    firm="language" in repair, fields=True, **common)
    request = render("fill.j2", topic=clean_user_text(topic), format=fmt, avoid=list(brand.voice.banned_words),
                     facts=[clean_user_text(f, limit=240) for f in facts], **common)
    if repair:
        request += "\n\n" + render("repair.j2", reasons=list(repair), avoid=list(brand.voice.banned_words),
                                    firm=True, **common)
    return [{"role": "system", "content": system}, {"role": "user", "content": request}]


def ideas_messages(
    brand: BrandProfile,
    pillar: Pillar | str,
    *,
    count: int = 10,
    avoid: Iterable[str] = (),
    language: str | None = None,
) -> Messages:
    """Chat messages asking for ``count`` topic ideas for one pillar, one per line."""
    if isinstance(pillar, str):
        pillar = brand.pillar(pillar)
    problems = [problem for persona in brand.personas for problem in persona.problems]
    request = render(
        "ideas.j2", brand=brand, pillar=pillar, problems=problems, count=count,
        avoid=[clean_user_text(t, limit=120) for t in avoid], **_language_vars(brand, language))
    system = f"You plan social media posts for {brand.name}. Answer with a plain list, one item per line."
    return [{"role": "system", "content": system}, {"role": "user", "content": request}]
