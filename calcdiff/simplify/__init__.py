"""Textbook form of a derivative: :func:`simplify` (``--simplify basic``, the default, and the
first stage of ``full``).

The package, in the order the work flows:

* :mod:`.numbers` -- exact rational powers (``sqrt(8)`` is ``2*sqrt(2)``);
* :mod:`.form` -- the normal form (a polynomial over *bases*) and :class:`~.form.Term`, which
  builds one product; printing the normal form back as a tree;
* :mod:`.poly` -- deciding the form of a sum (collected, expanded, combined, factored) and the
  polynomial algebra behind it;
* :mod:`.facts` -- what the simplifier reads from the rule table: each function's parity and
  exact values, and the identities written in ``rules/*.toml``, compiled once per table;
* :mod:`.rewrites` -- the named rewrites, in one ordered tuple ``REWRITES``;
* :mod:`.reader` -- reading a tree bottom-up into the normal form, applying the rewrites;
* this module -- :func:`simplify` and :func:`shared_work`.

How it works. The tree is read bottom-up, once, into the normal form of
:mod:`calcdiff.simplify.form` (a polynomial over *bases*: variables, function calls,
compound sums), which folds numbers, merges powers (``x*x`` -> ``x**2``, ``x**3/x`` ->
``x**2``, ``exp(a)*exp(b)`` -> ``exp(a + b)``), and collects like terms under a canonical
factor order (``x*y`` and ``y*x`` are one term). Wherever a sum has to become one
expression -- a function's argument, a factor of a product, the final answer --
:mod:`calcdiff.simplify.poly` picks its form among

* **collected** -- the sum as it is, products of sums kept (``3*(x + 1)**2 + 1``);
* **expanded** -- every product of sums multiplied out (``2*x*(x - 1) - x**2 - 1`` ->
  ``x**2 - 2*x - 1``), within a term budget (64 + 4 per term);
* **combined** -- over one common denominator, numerator expanded, common factors
  cancelled (also a sum against a sum, by exact division), the denominator kept factored
  (``(x**2 - 2*x - 1)/(x - 1)**2``);
* **factored** -- the factors common to every term taken out, for sums that are not
  polynomials (``exp(x)*(x + 1)``, ``x**2*(3*log(x) + 1)``);

keeping the one with the fewest operations (counted as SymPy's ``count_ops`` does), ties
going to combined, then expanded, then factored, then collected -- except that a sum with
functions in it keeps its collected form over an expansion of the same length, so that
``x**2 + sigmoid(y)*(1 - sigmoid(y))`` keeps the table's form. Consequences:

* a polynomial result comes out expanded whenever that is not longer (every polynomial
  drill derivative is a flat sum of monomials), and a polynomial is never factored;
* a lone product is expanded only when that is strictly shorter (``(x - 1)*(x + 1)`` ->
  ``x**2 - 1``), so chain-rule results keep their factors: ``20*x*(x**2 + 1)**9``,
  ``6*x*(x**2 + 1)**2``; only a plain number times one sum distributes (``2*x + 2``);
* ``x - 1/x`` stays as it is, ``1/x + 1/x**2`` becomes ``(x + 1)/x**2``.

Other rules: negative powers print as division, ``x**(1/2)`` as ``sqrt(x)`` (``cbrt`` and
``root`` only when the input used them); ``sqrt(8)`` is ``2*sqrt(2)``; ``exp(c*log(u))`` is
``u**c``. The rewrites of :data:`calcdiff.simplify.rewrites.REWRITES` do the rest:
identities from the rule table (``sec(atan(u))`` -> ``sqrt(u**2 + 1)``), exact values
(``sin(0)`` -> 0), parity (``sin(-x)`` -> ``-sin(x)``), ``|u|``, roots and complex fractions,
and ``a*sin(u)**2 + a*cos(u)**2`` -> ``a`` (and the cosh/sinh, sec/tan, csc/cot forms),
applied only between functions already present. No rule
introduces a function the input does not contain; the table's forms (``sec(x)**2``,
``1 - tanh(x)**2``, ``sigmoid(x)*(1 - sigmoid(x))``) are kept.

Term order is SymPy's default (``lex``), so a polynomial prints exactly as
``sympy.expand`` prints it: variables alphabetically, higher powers of earlier variables
first (``3*x**2 + 2*x*y``, ``-4*f**3*l + 696*l**2``, ``x + y**2``), numbers and constants
counting as coefficients (``pi*x``), and SymPy's one exception, a positive number before a
number times one factor (``1 - x**2``, ``2 - 3*x``, but ``-x*y + 1``). In a product:
the number, then constants, variables, powers with a symbolic exponent, function calls
(``exp``, ``log``, ``sin``, ``cos``, ``sec``, ``tan``, ...), and sums last
(``2*x*cos(x**2)``, ``sigmoid(x)*(1 - sigmoid(x))``).

Cost is linear in the size of the tree for sums and chains: each distinct node is visited
once (memoised by identity, so shared subtrees cost nothing), numbers and variables are read
in place, nested sums and products are flattened into one dict, and unchanged subtrees come
back as the same objects, so equality tests stay cheap. Nothing recurses on the Python stack
over the depth of the tree; the work still runs through :func:`calcdiff.deep.call_deep`
because comparing nested sort keys recurses in C. SymPy is never imported.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

from calcdiff.deep import call_deep
from calcdiff.read.rule_exprs import builtin_table
from calcdiff.simplify.facts import facts_of
from calcdiff.simplify.reader import Simplifier
from calcdiff.table import Table
from calcdiff.tree.nodes import Expr

__all__ = ["normal_form_of", "session_memo", "shared_work", "simplify", "was_simplified"]


def simplify(e: Expr, table: Table | None = None) -> Expr:
    """The textbook form of ``e``: expanded polynomials, one denominator, chain factors kept.
    ``table`` (default: the built-in rules) gives the identities, parities and exact values.

    >>> from calcdiff.read.parser import parse
    >>> str(simplify(parse("3*(2*x**1) - 4*1").expr))
    '6*x - 4'
    >>> str(simplify(parse("(2*x*(x - 1) - (x**2 + 1)*1)/(x - 1)**2").expr))
    '(x**2 - 2*x - 1)/(x - 1)**2'
    >>> str(simplify(parse("10*(x**2 + 1)**9*(2*x)").expr))
    '20*x*(x**2 + 1)**9'
    """
    return call_deep(_simplify, e, table)


_session = threading.local()


@contextmanager
def shared_work():
    """Within this block, final-answer simplifications share one memo (interned bases, sort
    keys, decided forms): the 210 entries of a 20-variable Hessian repeat the same
    sub-expressions, and are simplified once. The trees passed in are kept alive until the
    block ends (the memo is keyed by node identity)."""
    if getattr(_session, "simplifier", None) is not None:
        yield
        return
    _session.simplifier, _session.keep = Simplifier(facts_of(builtin_table())), []
    _session.memos = {}
    try:
        yield
    finally:
        _session.simplifier = _session.keep = _session.memos = None


def session_memo(name: str) -> dict | None:
    """A memo named ``name`` that lives as long as the ``shared_work`` block around the call
    (None outside any): a pass over many answers that share sub-trees (a Hessian's entries)
    keeps what it learnt of each sub-tree there."""
    memos = getattr(_session, "memos", None)
    return None if memos is None else memos.setdefault(name, {})


def _simplify(e: Expr, table: Table | None) -> Expr:
    # Runs inside call_deep, which also pauses the cyclic garbage collector: the work
    # allocates many small dicts and tuples and no cycles.
    facts = facts_of(table or builtin_table())
    session = s = getattr(_session, "simplifier", None)
    if s is None or s.facts is not facts:
        s = Simplifier(facts)
    else:
        _session.keep.append(e)
    P = s.finalize(s.run(e))
    out = s.to_expr(P)
    if "abs" in s.funcs:
        # |u|**2 = u**2 can only be seen once |u| meets |u| in one product, and some
        # products are formed late (common factors, cancellation): read the answer
        # again until it is stable, so that simplify(simplify(e)) == simplify(e)
        for _ in range(3):
            s2 = Simplifier(facts)
            again = s2.to_expr(s2.finalize(s2.run(out)))
            if again == out:
                break
            out, s, P = again, s2, None
    out = e if out == e else out
    # the last answer and, for its alternate forms, its normal form; never a shared_work
    # block's simplifier, whose memos must go when the block ends (no command there asks)
    shared = s is session
    _last[0] = (out, None, None) if P is None or shared else (out, s, P)
    return out


_last: list = [None]  # (the last answer, kept alive, the simplifier that read it, its form)


def was_simplified(e: Expr) -> bool:
    """Is ``e`` (this very object) the last answer :func:`simplify` gave? Then it is the
    printed form of its own normal form, and reading it back gives that form."""
    return _last[0] is not None and _last[0][0] is e


def normal_form_of(e: Expr):
    """``(simplifier, normal form)`` of ``e`` when it is the last answer :func:`simplify`
    gave (the alternate forms start from it instead of reading ``e`` again), else None."""
    last = _last[0]
    if last is not None and last[0] is e and last[2] is not None:
        return last[1], last[2]
    return None
