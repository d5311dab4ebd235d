"""What the simplifier measures of a tree: each node's sort key and size (:meth:`Sizes.info`)
and its operation count (:meth:`Sizes.ops`), each worked out once per node and remembered by
identity. A part of :class:`calcdiff.simplify.form.Form` (which holds the memos ``_info``
and ``_ops``), kept in its own module."""

from __future__ import annotations

from calcdiff.tree.nodes import LEAVES, Add, Call, Const, Expr, Mul, Neg, Num, Pow, Sym
from calcdiff.undefined import order_key

# Factor order of function calls: SymPy's order of its function classes (sin*cos, exp*log),
# with sec before tan as the rule table writes them (sec(x)*tan(x), -csch(x)*coth(x)).
_FUNC_RANK = {f: i for i, f in enumerate([
    "exp", "log", "sin", "cos", "sec", "csc", "tan", "cot", "asin", "acos", "atan", "acot",
    "asec", "acsc", "sinh", "cosh", "sech", "csch", "tanh", "coth", "asinh", "acosh", "atanh",
    "acoth", "asech", "acsch", "abs", "sqrt", "cbrt", "root", "sigmoid", "softplus", "relu",
    "heaviside"])}


def variable_key(name: str) -> tuple:
    """The sort key of a variable (``x``): after numbers and constants, by name; its powers
    right after it (``x``, ``x**2``, ``y``)."""
    return (1, name, 0)


def _leaf_ops(e: Expr) -> int:
    """The operation count of a leaf: a negative number has its minus, a fraction its bar."""
    if type(e) is Num:
        v = e.value
        return (v < 0) + (v.denominator != 1)
    return 0


class Sizes:
    """The measuring methods of :class:`calcdiff.simplify.form.Form`."""

    def info(self, e: Expr):
        """(sort key, size) of ``e``, computed bottom-up without recursion."""
        memo = self._info
        hit = memo.get(id(e))
        if hit is not None:
            return hit[1], hit[2]
        if type(e) is Sym:  # most bases: no walk
            key = variable_key(e.name)
            memo[id(e)] = (e, key, 1)
            return key, 1
        stack = [e]
        while stack:
            n = stack[-1]
            if id(n) in memo:
                stack.pop()
                continue
            kids = n.children()
            if len(kids) == 1:  # a call of one argument (a chain's every level)
                below = memo.get(id(kids[0]))
                if below is None:
                    stack.append(kids[0])
                    continue
                stack.pop()
                size = 1 + below[2]
                ks = (below[1],)
            else:
                todo = [k for k in kids if id(k) not in memo]
                if todo:
                    stack.extend(todo)
                    continue
                stack.pop()
                size = 1 + sum(memo[id(k)][2] for k in kids)
                ks = tuple(memo[id(k)][1] for k in kids)
            t = type(n)
            if t is Num:
                v = n.value  # an int compares in C, a Fraction in Python: the same order
                key = (0, 0, v.numerator if v.denominator == 1 else v)
            elif t is Const:
                key = (0, 1, n.name)
            elif t is Sym:
                key = variable_key(n.name)
            elif t is Call:
                key = (3, _FUNC_RANK.get(n.func, len(_FUNC_RANK)), order_key(n.func), size, ks)
            elif t is Pow and type(n.base) is Sym:
                key = (1, n.base.name, 1, size, ks[1])
            elif t is Pow and type(n.exp) is not Num:
                key = (2, size, ks)
            elif t is Add:
                key = (5, size, ks)
            else:
                key = (4, size, t.__name__, ks)
            memo[id(n)] = (n, key, size)
        hit = memo[id(e)]
        return hit[1], hit[2]

    def key(self, e: Expr):
        return self.info(e)[0]

    def ops(self, e: Expr) -> int:
        """Operation count, in the spirit of SymPy's ``count_ops``. Leaves (numbers,
        variables, constants) are counted where they stand, neither stacked nor remembered:
        most of a tree's nodes, and the cheapest."""
        t = type(e)
        if t in LEAVES:
            return _leaf_ops(e)
        memo = self._ops
        hit = memo.get(id(e))
        if hit is not None:
            return hit[1]
        stack = [e]
        while stack:
            n = stack[-1]
            if id(n) in memo:
                stack.pop()
                continue
            kids = n.children()
            todo = [k for k in kids if type(k) not in LEAVES and id(k) not in memo]
            if todo:
                stack.extend(todo)
                continue
            stack.pop()
            t = type(n)
            if t is Add:
                c = len(kids) - 1
                for k in kids:
                    tk = type(k)
                    if tk is Num:
                        # a negative number in a sum is a subtraction: no minus of its own
                        c += k.value.denominator != 1
                    elif tk is Sym or tk is Const:
                        pass
                    elif tk is Neg:  # a subtraction
                        c += memo[id(k)][1] - 1
                    else:
                        c += memo[id(k)][1]
            else:
                c = len(kids) - 1 if t is Mul else 1
                for k in kids:
                    tk = type(k)
                    if tk is Num:
                        v = k.value
                        c += (v < 0) + (v.denominator != 1)
                    elif tk is not Sym and tk is not Const:
                        c += memo[id(k)][1]
            memo[id(n)] = (n, c)
        return memo[id(e)][1]
