"""calcdiff: symbolic differentiation that shows its work.

Every command of the ``calcdiff`` CLI is a function here, returning a result that shows
itself in Jupyter and renders in every format (:func:`render`):

>>> import calcdiff
>>> str(calcdiff.derive("3x^2-4x"))
'6*x - 4'
>>> calcdiff.parse("sin x cos x").plain
'sin(x)*cos(x)'
>>> [str(g) for g in calcdiff.grad("3x^2 + xy").gradient]
['6*x + y', 'x']
>>> str(calcdiff.tangent("x^2 - 2x", at="x=2").tangent)
'2*x - 4'
"""

__version__ = "0.1.0"

# name -> module: the public API, imported on first use so that `calcdiff --version` (which
# imports this package) stays fast.
_API = {
    # reading
    "parse": "commands.reading", "parse_request": "read.request",
    # differentiating (the CLI's derive, grad, hessian, jacobian)
    "derive": "commands.differentiate", "grad": "commands.multivar",
    "hessian": "commands.multivar", "jacobian": "commands.multivar",
    # exploring (tangent, limit, taylor)
    "tangent": "commands.explore", "limit": "commands.limits", "taylor": "commands.taylor_multi",
    # learning (descend, newton, backprop; grad's --direction)
    "descend": "commands.learn", "newton": "commands.newton", "backprop": "commands.backprop",
    "directional": "commands.directional",
    # grading a student's derivative
    "grade": "commands.grade",
    # the rule table (the CLI's rules; --rules FILE)
    "rules": "commands.rules_view", "load_rules": "deriving.user_rules:load_user_rules",
    # the pieces
    "simplify": "simplify", "to_plain": "tree.printer",
}

__all__ = ["__version__", *_API]


def __getattr__(name):
    if name in _API:
        import importlib

        from calcdiff.arguments import checked

        module_name, _, attr = _API[name].partition(":")
        module = importlib.import_module(f".{module_name}", __name__)
        # the renderers register the results' Jupyter display when imported
        importlib.import_module(".render", __name__)
        value = checked(getattr(module, attr or name))  # a caller's arguments checked
        globals()[name] = value
        # importing a module binds the submodules it imports as attributes of this package;
        # where such a submodule shares an API name (calcdiff.simplify), the function wins
        for other, where in _API.items():
            if isinstance(globals().get(other), type(importlib)):
                mod, _, attr2 = where.partition(":")
                globals()[other] = checked(getattr(importlib.import_module(f".{mod}",
                                                                           __name__),
                                                   attr2 or other))
        return value
    raise AttributeError(f"module 'calcdiff' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_API))
