"""``python -m contentkit`` runs the CLI."""

from .cli import main

main()
