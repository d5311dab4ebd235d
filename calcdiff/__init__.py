"""calcdiff: symbolic differentiation that shows its work."""

__version__ = "0.1.0"

from .parser import parse, parse_request  # noqa: E402

__all__ = ["parse", "parse_request", "__version__"]
