"""peerpair: a school trust's peer safeguarding-supervision pairings, from its Excel roster."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("peerpair")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+unknown"
