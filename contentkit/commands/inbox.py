"""CLI commands: inbox — triage comments and messages, and draft the replies (resumable)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from .backend_option import TIMEOUT_HELP, with_timeout

_TRIAGE_HELP = """Example: contentkit inbox triage comments.csv --brand aurora-caffe

Label each comment or message spam, negative, question, praise or other, and list them by
priority (1 = answer first). FILE is a CSV (any of , ; or tab, Excel's BOM and dates) or JSON
export with at least a text column; without FILE, the brand folder's example inbox. Rows that
cannot be used are printed with their row and column, and the rest are still triaged (exit code 3).
--refine has the model read every comment too (about half a second each on the embedded model)
and weighs its reading with the classifier's: complaints are found far more often."""

_REPLY_HELP = """Example: contentkit inbox reply comments.csv --brand aurora-caffe --out replies.csv

Triage FILE and draft a reply for each question, complaint and compliment, in the brand's voice
and the commenter's language (when the brand writes it); spam gets "hide", the rest "none".
OUT gets one row per item in priority order. Each reply is saved to OUT's .jsonl journal as
soon as it is drafted: after a crash or Ctrl-C, run the same command again and only the
missing replies are drafted. Exit code 3 when some replies could not be drafted (run again)
or some rows could not be used."""

_CORRECT_HELP = """Example: contentkit inbox correct comments.csv --brand aurora-caffe --id c7 --label question

Tell the classifier what an item really is: a hidden customer comes back (--label other,
negative, question or praise), a missed spam goes (--label spam). The correction is saved in
the user folder and used from the next triage on: the same message gets your label, and the
model learns from it."""

PARTIAL = 3


def _load(file: Path | None, brand: str):  # noqa: ANN202 - (BrandProfile, InboxFile)
    from ..brand import load_brand
    from ..errors import InboxError
    from ..inbox.items import load_inbox
    from ..inbox.sheet import example_inbox

    profile = load_brand(brand)
    if file is None:
        file = example_inbox(profile)
        if file is None:
            raise InboxError(f"brand '{profile.slug}' has no example inbox", file=profile.root,
                             hint="give FILE, a CSV or JSON export of comments")
    inbox = load_inbox(file)
    for problem in inbox.problems:
        typer.secho(f"warning: {problem}", err=True, fg="yellow")
    return profile, inbox


def _backend(backend: str | None, model: str | None, needed: bool,  # noqa: ANN202 - Backend | None
             timeout: float | None = None):
    if not needed:
        return None
    from ..drafting import resolve_backend

    return resolve_backend(with_timeout(backend, model, timeout), model)


def _shorten(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[:width - 1] + "…"


def _print_table(triaged, correct: str) -> None:  # noqa: ANN001 - list[Triaged]
    typer.echo(f"{'pri':>3}  {'label':<9} {'conf':>4}  {'lang':<4} {'platform':<10} {'author':<18} text / reason")
    for entry in triaged:
        item = entry.item
        typer.echo(f"{entry.priority:>3}  {entry.label:<9} {entry.confidence:>4.2f}  {entry.language or '-':<4} "
                   f"{item.platform:<10} {_shorten(item.author, 18):<18} {_shorten(item.text, 60)}")
        typer.secho(f"{'':>48} {entry.reason}", dim=True)
        if entry.label == "spam":
            typer.secho(f"{'':>48} not spam? {correct} --id {item.id} --label other", dim=True)


def triage_cmd(
    file: Path | None = typer.Argument(None, help="Comments CSV or JSON (default: the brand's example inbox)."),
    brand: str = typer.Option(..., "--brand", "-b", help="Brand slug or folder."),
    as_json: bool = typer.Option(False, "--json", help="Print the triaged items as JSON."),
    refine: bool = typer.Option(False, "--refine", help="Weigh in the model's reading of each comment."),
    backend: str | None = typer.Option(None, "--backend", help="For --refine: openai, llamacpp or local."),
    model: str | None = typer.Option(None, "--model", help="For --refine: model name, path or hub id."),
    timeout: float | None = typer.Option(None, "--timeout", help=TIMEOUT_HELP),
) -> None:
    from ..inbox.sheet import row
    from ..inbox.triage import triage

    _, inbox = _load(file, brand)
    triaged = triage(inbox.items, backend=_backend(backend, model, refine, timeout))
    if as_json:
        typer.echo(json.dumps([{k: v for k, v in row(t).items() if k in _TRIAGE_KEYS} for t in triaged],
                              ensure_ascii=False, indent=2))
    else:
        source = f"{file} " if file is not None else ""
        _print_table(triaged, f"contentkit inbox correct {source}--brand {brand}")
        counts = {label: sum(t.label == label for t in triaged) for label in dict.fromkeys(t.label for t in triaged)}
        typer.echo(f"\n{len(triaged)} items: " + ", ".join(f"{n} {label}" for label, n in counts.items()))
    if inbox.problems:
        raise typer.Exit(PARTIAL)


_TRIAGE_KEYS = ("priority", "label", "confidence", "language", "platform", "author", "text", "reason", "id",
                "post_id", "created_at", "row")


def reply_cmd(
    file: Path | None = typer.Argument(None, help="Comments CSV or JSON (default: the brand's example inbox)."),
    brand: str = typer.Option(..., "--brand", "-b", help="Brand slug or folder."),
    out: Path = typer.Option(..., "--out", "-o", help="CSV to write; its journal is OUT with .jsonl."),
    backend: str | None = typer.Option(None, "--backend", help="openai, llamacpp or local (default: see README)."),
    model: str | None = typer.Option(None, "--model", help="Model name, path or hub id."),
    refine: bool = typer.Option(False, "--refine", help="Weigh in the model's reading of each comment too."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Forget the replies already in OUT's journal."),
    timeout: float | None = typer.Option(None, "--timeout", help=TIMEOUT_HELP),
) -> None:
    from ..inbox.journal import ReplyJournal
    from ..inbox.replies import draft_replies
    from ..inbox.sheet import write_csv
    from ..inbox.triage import triage

    profile, inbox = _load(file, brand)
    journal = out.with_suffix(".jsonl")
    ReplyJournal(journal).claim(profile.slug, overwrite=overwrite)  # before any model work
    llm = _backend(backend, model, True, timeout)
    triaged = triage(inbox.items, backend=llm if refine else None)
    with typer.progressbar(length=len(triaged), label="Replying", show_pos=True) as bar:
        drafts = draft_replies(triaged, profile, backend=llm, journal=journal,
                               on_done=lambda index, draft: bar.update(1))
    write_csv(out, triaged, drafts)
    failed = [d for d in drafts if d.needs_review and not d.text and d.action in ("reply", "reply+dm")]
    review = sum(d.needs_review for d in drafts)
    actions = {a: sum(d.action == a for d in drafts) for a in ("reply", "reply+dm", "hide", "none")}
    by_model = sum(d.written_by == "model" for d in drafts)
    typer.echo(f"{len(drafts)} items: " + ", ".join(f"{n} {a}" for a, n in actions.items() if n)
               + (f"; {by_model} replies written by the model" if by_model else "")
               + (f"; {review} to review" if review else ""))
    typer.echo(f"Wrote: {out} (journal: {journal})")
    if failed:
        typer.secho(f"{len(failed)} replies could not be drafted; run the same command again to retry them.",
                    fg="yellow")
    if failed or inbox.problems:
        raise typer.Exit(PARTIAL)


def correct_cmd(
    file: Path | None = typer.Argument(None, help="Comments CSV or JSON (default: the brand's example inbox)."),
    brand: str = typer.Option(..., "--brand", "-b", help="Brand slug or folder."),
    item_id: str = typer.Option(..., "--id", help="The item's id, as triage lists it."),
    label: str = typer.Option(..., "--label", "-l", help="spam, negative, question, praise or other."),
) -> None:
    from ..errors import InboxError
    from ..inbox import corrections
    from ..inbox.classifier import LABELS

    if label not in LABELS:
        raise InboxError(f"unknown label '{label}'", hint=f"one of {', '.join(LABELS)}")
    _, inbox = _load(file, brand)
    found = next((i for i in inbox.items if i.id == item_id), None)
    if found is None:
        raise InboxError(f"no item with id '{item_id}'", file=inbox.path,
                         hint="contentkit inbox triage FILE --json lists the ids")
    corrections.save(found.text, label)
    typer.echo(f"Saved: item {item_id} is {label} from the next triage on ({corrections.path()})")


def register(app: typer.Typer) -> None:
    """Add this group's commands to the app."""
    group = typer.Typer(help="Example: contentkit inbox triage comments.csv --brand aurora-caffe\n\n"
                        "Community inbox: triage comments and messages, draft on-brand replies.",
                        no_args_is_help=True)
    group.command("triage", help=_TRIAGE_HELP)(triage_cmd)
    group.command("reply", help=_REPLY_HELP)(reply_cmd)
    group.command("correct", help=_CORRECT_HELP)(correct_cmd)
    app.add_typer(group, name="inbox")
