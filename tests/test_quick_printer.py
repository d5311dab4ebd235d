"""The quick printer (calcdiff/tree/quick.py) writes what the walker writes: for any tree, with
a length budget, with a memo shared between calls, and past its own limits (a tree too deep
or too long goes to the walker)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calcdiff.tree.nodes import Add, Call, Mul, Neg, Num, Pow, Sym
from calcdiff.tree.printer import PLAIN, Plain, write
from calcdiff.tree.quick import QUICK_DEPTH

from . import strategies


class Walked(Plain):
    """PLAIN with a hook that changes nothing: printed by the walker alone."""

    def symbol(self, name: str) -> str:
        return name


WALKED = Walked()
x, y = Sym("x"), Sym("y")


def test_plain_is_quick_and_walked_is_not():
    assert PLAIN.quick is not None
    assert WALKED.quick is None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.exprs(), st.integers(min_value=0, max_value=80))
def test_quick_writes_what_the_walker_writes(e, budget):
    assert write(e, PLAIN) == write(e, WALKED)
    assert write(e, PLAIN, budget) == write(e, WALKED, budget)
    memo: dict = {}
    first = write(e, PLAIN, budget, memo)
    assert first == write(e, WALKED, budget)
    assert write(e, PLAIN, None, memo) == write(e, WALKED)  # after a cut one, from the memo
    assert write(e, PLAIN, budget, memo) == first


def test_deeper_than_the_recursion_takes():
    e = x
    for k in range(3 * QUICK_DEPTH):
        e = Call("sin", (Add((e, Num(k))),)) if k % 2 else Neg(Mul((Num(2), e)))
    assert write(e, PLAIN) == write(e, WALKED)
    assert write(e, PLAIN, 300) == write(e, WALKED, 300)


def test_longer_than_the_budget():
    e = Add(tuple(Mul((Num(-k - 2), Pow(x, Num(k + 1)), y)) for k in range(2000)))
    text = write(e, PLAIN)
    assert len(text) > 9000
    assert text == write(e, WALKED)
    assert write(e, PLAIN, 9000) == write(e, WALKED, 9000)


def test_a_shared_sub_tree_printed_many_times():
    u = Add((x, Num(1)))
    for _ in range(12):  # printed 4,096 times over
        u = Mul((Call("sin", (u,)), Pow(u, Num(-1))))
    assert write(u, PLAIN) == write(u, WALKED)
    memo: dict = {}
    assert write(u, PLAIN, 5000, memo) == write(u, WALKED, 5000)
    assert write(u.args[0], PLAIN, None, memo) == write(u.args[0], WALKED)
