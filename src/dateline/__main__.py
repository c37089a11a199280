"""`python -m dateline` is the `dateline` command."""

from .cli import main

main()
