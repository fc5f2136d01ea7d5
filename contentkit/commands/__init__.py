"""CLI command groups, one module each; see contentkit/cli.py."""
