"""The simplifier's named rewrites, in one ordered tuple: :data:`REWRITES`.

Each rewrite is a function with a one-line docstring saying what it rewrites, and a fixture
``tests/fixtures/simplify/<name>.txt`` of ``before -> after`` lines that the tests run through
the whole simplifier (a rewrite without one fails the tests). A rewrite runs at one of three
places of the simplifier's single bottom-up pass, marked by its decorator (:mod:`.base`):

* ``call`` -- as a call ``f(u)`` is read; only for the functions it names, the first that
  gives a value wins;
* ``term`` -- as a product is finished, each in turn;
* ``sum`` -- on a sum holding a square of a function, before its form is decided.

Within each place they run in the order of the tuple. What they know about functions
(identities, parity, exact values) comes from the rule table, through :mod:`..facts`.
"""

from __future__ import annotations

from calcdiff.simplify.rewrites.calls import (
    abs_factor,
    log_of_exp,
    nested_call_identity,
    parity_sign,
    special_value,
)
from calcdiff.simplify.rewrites.sums import pythagorean_sum
from calcdiff.simplify.rewrites.terms import (
    abs_even_power,
    abs_times_sign,
    clear_complex_fraction,
    move_root,
    square_identity,
)

REWRITES = (
    # a call f(u), as it is read
    nested_call_identity,  # sec(atan(u)) -> sqrt(u**2 + 1), by the table's identities
    special_value,  # sin(0) -> 0, by the table's values
    log_of_exp,  # log(exp(u)) -> u
    abs_factor,  # abs(3*u) -> 3*abs(u)
    parity_sign,  # sin(-u) -> -sin(u), by the table's parity
    # a product, as it is finished
    move_root,  # x**2/sqrt(x**3) -> sqrt(x**3)/x
    abs_even_power,  # abs(u)**2 -> u**2
    abs_times_sign,  # abs(u)*sign(u) -> u
    clear_complex_fraction,  # 1/(1 + 1/x)**2 -> x**2/(x + 1)**2
    square_identity,  # sec(u)**2/(tan(u)**2 + 1) -> 1
    # a sum, before its form is decided
    pythagorean_sum,  # sin(u)**2 + cos(u)**2 -> 1
)

_stages: dict = {}  # (Facts, rewrites) -> (call rewrites by function, term, sum rewrites)


def stages(facts, rewrites: tuple = REWRITES) -> tuple[dict, tuple, tuple]:
    """``rewrites`` sorted by where they run, for the rule table's ``facts``: a dict from
    function name to its call rewrites, then the term rewrites and the sum rewrites."""
    hit = _stages.get((facts, rewrites))
    if hit is None:
        if len(_stages) >= 64:
            _stages.clear()
        calls: dict = {}
        for rewrite in rewrites:
            if rewrite.stage == "call":
                for f in sorted(rewrite.applies_to(facts)):
                    calls.setdefault(f, []).append(rewrite)
        hit = _stages[(facts, rewrites)] = (
            {f: tuple(rs) for f, rs in calls.items()},
            tuple(r for r in rewrites if r.stage == "term"),
            tuple(r for r in rewrites if r.stage == "sum"),
        )
    return hit
