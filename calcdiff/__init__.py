"""calcdiff: symbolic differentiation that shows its work.

>>> import calcdiff
>>> str(calcdiff.derive("3x^2-4x"))
'6*x - 4'
>>> calcdiff.parse("sin x cos x").plain
'sin(x)*cos(x)'
"""

__version__ = "0.1.0"

# The public API, imported on first use so that `calcdiff --version` stays fast.
_API = {
    "parse": "parser", "parse_request": "parser", "derive": "api", "grad": "multivar",
    "hessian": "multivar", "jacobian": "multivar", "simplify": "simplify",
    "to_plain": "printer",
}

__all__ = ["__version__", *_API]


def __getattr__(name):
    if name in _API:
        import importlib

        module = importlib.import_module(f".{_API[name]}", __name__)
        importlib.import_module(".render", __name__)  # results show themselves in Jupyter
        return getattr(module, name)
    raise AttributeError(f"module 'calcdiff' has no attribute {name!r}")
