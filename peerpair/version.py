"""The installed version of peerpair, for the Summary and --version."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("peerpair")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+unknown"
