"""CLI command: plan (the main job: a two-week plan in batch, resumable)."""

from __future__ import annotations

from pathlib import Path

import typer

from .backend_option import TIMEOUT_HELP, with_timeout


def plan_cmd(
    brand: str = typer.Option(..., "--brand", "-b", help="Brand slug or folder."),
    start: str = typer.Option(..., "--start", help="First day, YYYY-MM-DD."),
    out: Path = typer.Option(..., "--out", "-o", help="Folder for plan.jsonl, images and exports."),
    days: int = typer.Option(14, "--days", help="How many days to plan."),
    history: Path | None = typer.Option(None, "--history", help="Post-history CSV: posting times and hashtags "
                                        "(default: the brand folder's history.csv or the file its brand.yaml names)."),
    no_history: bool = typer.Option(False, "--no-history", help="Learn from no history: the brand's preferred "
                                    "times, hashtags from the profile and each post's key words."),
    platforms: list[str] | None = typer.Option(None, "--platform", "-p", help="Only these platforms (repeatable)."),
    topic: list[str] | None = typer.Option(None, "--topic", "-t", help="Use these topics first (repeatable)."),
    backend: str | None = typer.Option(None, "--backend", help="openai, llamacpp or local (default: see README)."),
    model: str | None = typer.Option(None, "--model", help="Model name, path or hub id."),
    concurrency: int | None = typer.Option(None, "--concurrency", help="Requests at once (openai) or batch size (local)."),
    timeout: float | None = typer.Option(None, "--timeout", help=TIMEOUT_HELP),
    no_images: bool = typer.Option(False, "--no-images", help="Skip the images."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace another plan already in OUT."),
    date_format: str | None = typer.Option(None, "--date-format",
                                           help="History dates: DD/MM/YYYY or MM/DD/YYYY when they cannot tell."),
    learn_from: Path | None = typer.Option(None, "--learn-from", help="A review.json from 'contentkit review': "
                                           "apply its accepted changes (pillar shares, times, formats, hashtags)."),
) -> None:
    """Example: contentkit plan --brand aurora-caffe --start 2026-12-01 --out out/aurora

    Plan DAYS days of posts for a brand: drafts, hashtags, images and scheduler exports.

    Every finished post is saved at once to OUT/plan.jsonl: after a crash or Ctrl-C, run
    the same command again and it does only what is missing.
    """
    from ..brand import load_brand
    from ..config import writable_dir
    from ..errors import PlanError
    from ..export.bundle import export_all
    from ..plans.pace import Pace
    from ..plans.runner import plan_content
    from ..plans.slots import past_start

    if history is not None and date_format:  # read here: the runner reads a path in the background
        from ..history import load_history

        history = load_history(history, date_format=date_format)
    writable_dir(out, PlanError, hint="choose another --out folder")  # before the progress bar starts
    late = past_start(load_brand(brand), start)  # said before the model work, so it can be stopped
    if late:
        typer.secho(f"Warning: {late}", err=True, fg="yellow")

    if no_history and history is not None:
        raise typer.BadParameter("give --history FILE or --no-history, not both", param_hint="--no-history")

    learned: list[str] = []
    if learn_from is not None:  # the brand as the review says the next plan should see it
        from ..review.learn import apply_review

        brand, learned = apply_review(brand, learn_from)
    pace = Pace()
    with typer.progressbar(length=1, label="Planning", show_pos=True, show_eta=False) as bar:
        def progress(done: int, total: int, post) -> None:  # noqa: ANN001 - PlannedPost | None
            pace.update(done, total)
            bar.length = total
            bar.label = f"Planning ({pace.speed()})" if pace.speed() else "Planning"
            bar.update(done - bar.pos)
            if post is not None and post.status == "failed":
                typer.secho(f"\n  failed {post.id}: {post.error}", err=True, fg="yellow")

        try:
            plan = plan_content(brand, start, days, history=False if no_history else history, platforms=platforms,
                                topics=topic, backend=with_timeout(backend, model, timeout), model=model, out_dir=out, concurrency=concurrency,
                                progress=progress, images=not no_images, overwrite=overwrite)
        except KeyboardInterrupt:
            _stopped(out, pace.total)
            raise typer.Exit(130) from None
    plan.notes.extend(f"learned from {learn_from}: {change}" for change in learned)
    if learn_from is not None and not learned:
        plan.notes.append(f"learned from {learn_from}: no accepted change to apply")
    files = export_all(plan, out)
    for note in plan.notes:
        typer.echo(f"note: {note}")
    typer.echo(plan.summary())
    typer.echo("Wrote: " + ", ".join(str(p) for p in files.values()))
    embedded = _embedded_model(backend, model)
    if embedded:
        typer.echo(f"Drafted by the embedded {embedded}. For stronger posts plug in a larger model: "
                   "OPENAI_API_KEY or OPENAI_BASE_URL, or 'contentkit models pull qwen2.5-3b-instruct' "
                   "and --backend llamacpp --model qwen2.5-3b-instruct (README: Choosing the model).")
    if plan.failed:
        typer.secho("Run the same command again to retry the failed posts.", fg="yellow")
        raise typer.Exit(3)


def _stopped(out: Path, total: int) -> None:
    """After Ctrl-C: what is safe, and how to go on."""
    from ..plans.checkpoint import Checkpoint

    try:
        posts = Checkpoint(out / "plan.jsonl").read().posts
    except Exception:  # noqa: BLE001 - the journal may be another plan's: say only how to go on
        posts = {}
    done = sum(post.get("status") == "done" for post in posts.values())
    of = f" of {total}" if total else ""
    noun = "post" if (total or done) == 1 else "posts"  # "1 of 12 posts", "1 post"
    typer.secho(f"\nStopped. {done}{of} {noun} saved in {out / 'plan.jsonl'}; "
                "run the same command again to draft the rest.", err=True, fg="yellow")


def _embedded_model(backend: str | None, model: str | None) -> str | None:
    """The embedded model's name when the plan ran on it (no backend or model chosen)."""
    from ..llm import catalog, registry

    chosen, chosen_model = registry.choose(backend, model)
    if chosen in ("llamacpp", "local") and chosen_model is None:
        return catalog.default_model().name if chosen == "llamacpp" else catalog.SMOLLM2_135M.name
    return None


def register(app: typer.Typer) -> None:
    app.command("plan")(plan_cmd)
