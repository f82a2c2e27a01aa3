"""python -m papergraph: the command line."""

from .cli import main

main()
