from timeback_caliper._version import __version__

__all__ = ["__version__"]
