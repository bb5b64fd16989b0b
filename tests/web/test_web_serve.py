"""`peerpair serve`: the command that opens the page, and what it says when it cannot."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from click.testing import CliRunner

from peerpair.cli import cli
from peerpair.web.server import HOST, listening_socket

ROOT = Path(__file__).resolve().parents[2]


def test_serve_listens_on_this_computer_only():
    sock = listening_socket(0)
    try:
        assert sock.getsockname()[0] == HOST == "127.0.0.1"
    finally:
        sock.close()


def test_a_port_in_use_is_said_in_words(tmp_path):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    port = taken.getsockname()[1]
    try:
        result = CliRunner().invoke(
            cli, ["serve", "--dir", str(tmp_path), "--port", str(port), "--no-browser"]
        )
    finally:
        taken.close()
    assert result.exit_code == 2
    assert f"Port {port} is in use" in result.output
    assert "Traceback" not in result.output


def test_a_workspace_that_is_a_file_is_refused(tmp_path):
    file = tmp_path / "notes.txt"
    file.write_text("mine")
    result = CliRunner().invoke(cli, ["serve", "--dir", str(file), "--no-browser"])
    assert result.exit_code == 2
    assert "is a file" in result.output
    assert file.read_text() == "mine"


def test_serve_answers_at_the_address_it_prints(tmp_path):
    """The command as a lead runs it, in its own process: the address printed is the page."""
    command = [sys.executable, "-m", "peerpair", "serve", "--dir", str(tmp_path / "ws")]
    with subprocess.Popen(
        [*command, "--port", "0", "--no-browser", "--today", "2026-10-05"],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    ) as served:
        try:
            first = served.stdout.readline()
            url = re.search(r"http://127\.0\.0\.1:\d+/", first).group(0)
            for _ in range(100):  # the address is printed just before uvicorn starts
                try:
                    with urllib.request.urlopen(url, timeout=5) as response:
                        home = response.read().decode()
                    assert "Download the roster template" in home
                    assert "today is Mon 5 October 2026" in home  # --today, not the clock
                    break
                except urllib.error.URLError:
                    time.sleep(0.1)
            else:
                raise AssertionError(f"nothing answered at {url}")
        finally:
            served.send_signal(signal.SIGINT)
            served.wait(10)
    assert (tmp_path / "ws").is_dir()
