"""`python -m peerpair`: the same command line as `peerpair`."""

from peerpair.cli import main

main()
