"""The `peerpair` program, and `python -m peerpair`: the command line, which Ctrl-C stops
with exit 130 from its first moment (SPEC 5). Loading the command line takes half a second,
before it can stop itself: Ctrl-C then finds nothing written and nothing to tidy away."""

import os
import signal
import sys

STOPPED = 130  # as peerpair.cli has it: that module is not loaded yet


def main() -> None:
    signal.signal(signal.SIGINT, _stopped_while_loading)
    from peerpair.cli import main as command_line  # only now: this is the half second

    if os.name == "nt":  # Windows stops through KeyboardInterrupt (peerpair.cli)
        signal.signal(signal.SIGINT, signal.default_int_handler)
    command_line()  # which puts its own Ctrl-C handling in place of this


def _stopped_while_loading(number, frame) -> None:
    sys.stderr.write("Stopped: nothing written\n")
    sys.stderr.flush()
    os._exit(STOPPED)


if __name__ == "__main__":
    main()
