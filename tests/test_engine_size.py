"""What a derivation holds grows with its input, not with its square (a deep chain's step
results share their parts instead of re-flattening a growing product at every level), and
the answer is the same however it is built. Sizes only: the timings live in benchmarks/."""

from __future__ import annotations

from calcdiff.deep import call_deep
from calcdiff.deriving.engine import Engine
from calcdiff.read.parser import parse
from calcdiff.simplify import simplify
from calcdiff.tree.nodes import stored_size
from calcdiff.tree.printer import to_plain


def chain_derivation(func: str, depth: int):
    tree = parse(f"{func}(" * depth + "x" + ")" * depth).expr
    return Engine("x").d(tree)


def held(step) -> int:
    return stored_size(*(s.result for s in step.walk()), *(s.raw for s in step.walk()))


def test_a_deep_chain_holds_a_linear_amount():
    for func in ("sin", "cos", "exp", "tanh"):
        small = call_deep(lambda: held(chain_derivation(func, 150)))
        large = call_deep(lambda: held(chain_derivation(func, 300)))
        # every step result printed in full would be quadratic (ratio 4); shared, it is 2
        assert large < 2.2 * small, (func, small, large)
        assert large < 60 * 300, (func, large)


def test_a_nested_chain_simplifies_to_the_flat_product():
    step = call_deep(lambda: chain_derivation("sin", 9))
    assert to_plain(call_deep(lambda: simplify(step.result))) == (
        "cos(x)*cos(sin(x))*cos(sin(sin(x)))*cos(sin(sin(sin(x))))*"
        "cos(sin(sin(sin(sin(x)))))*cos(sin(sin(sin(sin(sin(x))))))*"
        "cos(sin(sin(sin(sin(sin(sin(x)))))))*cos(sin(sin(sin(sin(sin(sin(sin(x))))))))*"
        "cos(sin(sin(sin(sin(sin(sin(sin(sin(x)))))))))")


def test_a_negative_chain_keeps_its_sign_when_nested():
    # cos(cos(…)): every level brings a minus sign; nine of them leave one
    step = call_deep(lambda: chain_derivation("cos", 9))
    text = to_plain(call_deep(lambda: simplify(step.result)))
    assert text.startswith("-sin(x)*sin(cos(x))*")
    assert text.count("sin(") == 9
