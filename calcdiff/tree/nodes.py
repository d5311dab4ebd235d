"""The immutable expression tree.

Every node is a small, slotted, immutable object with a hash computed once at construction
(from its children's hashes, so hashing never recurses) and the set of variables it contains
(``free``), so the engine's "free of the variable" test is a set lookup.

The tree keeps what the user wrote: ``a / b`` is a :class:`Div`, ``a - b`` is an :class:`Add`
whose second term is a :class:`Neg` (printed and derived as a difference), and ``e^x`` is
``Call("exp", (x,))``. Source positions are not part of a node; the parser keeps them beside
the tree, so two equal expressions stay equal.

Invariant kept by every constructor in calcdiff: a :class:`Neg` never wraps a :class:`Num`
(negative numbers are ``Num`` with a negative value); use :func:`neg` to build negations.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Iterator

from calcdiff.tree.printer import to_plain  # the printer core imports no calcdiff module: no circle

_EMPTY: frozenset[str] = frozenset()


class Expr:
    """Base class of all nodes."""

    __slots__ = ("_hash", "free")
    prec = 100  # printing precedence; overridden per class

    def __setattr__(self, name, value):  # pragma: no cover - guard
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __delattr__(self, name):  # pragma: no cover - guard
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __hash__(self) -> int:
        return self._hash

    def __reduce__(self):
        """Pickled as its constructor's arguments (a worker process sends trees back): the
        slots are set by the constructors alone, never by ``setattr``."""
        # the constructor's arguments are the nearest class's own slots (Add's: _Nary's args)
        for cls in type(self).__mro__:
            fields = cls.__dict__.get("__slots__")
            if fields and cls is not Expr:
                return type(self), tuple(getattr(self, name) for name in fields)
        raise TypeError(f"cannot pickle {type(self).__name__}")  # pragma: no cover

    def _init(self, h: int, free: frozenset[str]) -> None:
        _set_hash(self, h)
        _set_free(self, free)

    def children(self) -> tuple["Expr", ...]:
        return ()

    def __repr__(self) -> str:
        return f"{type(self).__name__}<{to_plain(self)}>"

    def __str__(self) -> str:
        return to_plain(self)

    def has(self, var: str) -> bool:
        return var in self.free


# the slots' own setters: a node is built by setting them directly, past the guard of
# __setattr__ (and faster than object.__setattr__, which looks the name up each time)
_set_hash = Expr.__dict__["_hash"].__set__
_hash_of = Expr.__dict__["_hash"].__get__  # a node's stored hash, read without a Python call
_set_free = Expr.__dict__["free"].__set__


def _union(items) -> frozenset[str]:
    """The operands' free variables: one of their own sets when it holds the others (so a
    sum over x_1 … x_500 and every tree built on it share one set object)."""
    result = _EMPTY
    for item in items:
        f = item.free
        if f and f is not result:
            result = f if not result or result <= f else (result if f <= result else result | f)
    return result


def _union2(a: frozenset[str], b: frozenset[str]) -> frozenset[str]:
    """``_union`` of two nodes' free variables, without the loop."""
    if not b or b is a:
        return a
    if not a:
        return b
    if b <= a:
        return a
    return b if a <= b else a | b


def whole(n: int) -> Fraction:
    """The Fraction of the int ``n``, built directly (``Fraction(n)`` runs slow Python code:
    ~300 ns, against ~100)."""
    f = object.__new__(Fraction)
    f._numerator, f._denominator = n, 1
    return f


class Num(Expr):
    """An exact rational number."""

    __slots__ = ("value",)

    def __init__(self, value) -> None:
        if type(value) is not Fraction:
            value = whole(value) if type(value) is int else Fraction(value)
        _set_value(self, value)
        # hashing the parts avoids Fraction.__hash__, which is slow Python code
        _set_hash(self, hash(("Num", value._numerator, value._denominator)))
        _set_free(self, _EMPTY)

    @property
    def prec(self) -> int:  # type: ignore[override]
        v = self.value
        if v < 0:
            return 15
        return 100 if v.denominator == 1 else 20

    __hash__ = Expr.__hash__

    def __eq__(self, other) -> bool:
        return self is other or (type(other) is Num and self.value == other.value)

    def is_integer(self) -> bool:
        return self.value.denominator == 1


_set_value = Num.__dict__["value"].__set__


class Sym(Expr):
    """A variable."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        parts = _SYM_PARTS.get(name)
        if parts is None:
            parts = (hash(("Sym", name)), frozenset((name,)))
            if len(_SYM_PARTS) < 10_000:
                _SYM_PARTS[name] = parts
        _set_name(self, name)
        _set_hash(self, parts[0])
        _set_free(self, parts[1])

    __hash__ = Expr.__hash__

    def __eq__(self, other) -> bool:
        return self is other or (type(other) is Sym and self.name == other.name)


_SYM_PARTS: dict[str, tuple[int, frozenset[str]]] = {}  # name -> (hash, free), shared
_set_name = Sym.__dict__["name"].__set__


class Const(Expr):
    """A named constant: ``E`` (Euler's number) or ``pi``."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        if name not in ("E", "pi"):
            raise ValueError(f"unknown constant {name!r}")
        object.__setattr__(self, "name", name)
        self._init(hash(("Const", name)), _EMPTY)

    __hash__ = Expr.__hash__

    def __eq__(self, other) -> bool:
        return self is other or (type(other) is Const and self.name == other.name)


LEAVES = frozenset((Num, Sym, Const))  # the node classes without children


class Neg(Expr):
    """Unary minus, ``-arg``."""

    __slots__ = ("arg",)
    prec = 15

    def __init__(self, arg: Expr) -> None:
        _set_arg(self, arg)
        _set_hash(self, hash(("Neg", arg._hash)))
        _set_free(self, arg.free)

    def children(self):
        return (self.arg,)

    __hash__ = Expr.__hash__

    def __eq__(self, other) -> bool:
        return self is other or (
            type(other) is Neg and self._hash == other._hash and self.arg == other.arg
        )


_set_arg = Neg.__dict__["arg"].__set__


class _Nary(Expr):
    __slots__ = ("args",)
    tag = ""

    def __init__(self, args) -> None:
        if type(args) is not tuple:
            args = tuple(args)
        n = len(args)
        if n < 2:
            raise ValueError(f"{type(self).__name__} needs at least two operands")
        _set_args(self, args)
        if n == 2:  # most products and sums: no loop
            a, b = args
            _set_hash(self, hash((self.tag, a._hash, b._hash)))
            _set_free(self, _union2(a.free, b.free))
        else:
            _set_hash(self, hash((self.tag, *map(_hash_of, args))))
            _set_free(self, _union(args))

    def children(self):
        return self.args

    __hash__ = Expr.__hash__

    def __eq__(self, other) -> bool:
        return self is other or (
            type(other) is type(self) and self._hash == other._hash and self.args == other.args
        )


_set_args = _Nary.__dict__["args"].__set__


class Add(_Nary):
    """A sum of two or more terms; a term that is a :class:`Neg` is subtracted."""

    __slots__ = ()
    tag = "Add"
    prec = 10


class Mul(_Nary):
    """A product of two or more factors."""

    __slots__ = ()
    tag = "Mul"
    prec = 20


class Div(Expr):
    """A quotient ``num / den``."""

    __slots__ = ("num", "den")
    prec = 20

    def __init__(self, num: Expr, den: Expr) -> None:
        _set_num(self, num)
        _set_den(self, den)
        _set_hash(self, hash(("Div", num._hash, den._hash)))
        _set_free(self, _union2(num.free, den.free))

    def children(self):
        return (self.num, self.den)

    __hash__ = Expr.__hash__

    def __eq__(self, other) -> bool:
        return self is other or (
            type(other) is Div
            and self._hash == other._hash
            and self.num == other.num
            and self.den == other.den
        )


_set_num = Div.__dict__["num"].__set__
_set_den = Div.__dict__["den"].__set__


class Pow(Expr):
    """A power ``base ** exp``."""

    __slots__ = ("base", "exp")
    prec = 30

    def __init__(self, base: Expr, exp: Expr) -> None:
        _set_base(self, base)
        _set_exp(self, exp)
        _set_hash(self, hash(("Pow", base._hash, exp._hash)))
        _set_free(self, _union2(base.free, exp.free))

    def children(self):
        return (self.base, self.exp)

    __hash__ = Expr.__hash__

    def __eq__(self, other) -> bool:
        return self is other or (
            type(other) is Pow
            and self._hash == other._hash
            and self.base == other.base
            and self.exp == other.exp
        )


_set_base = Pow.__dict__["base"].__set__
_set_exp = Pow.__dict__["exp"].__set__


class Call(Expr):
    """A function applied to arguments: ``sin(x)``, ``log(x, 2)``, ``root(x, 3)``."""

    __slots__ = ("func", "args")

    def __init__(self, func: str, args) -> None:
        if type(args) is not tuple:
            args = tuple(args)
        _set_func(self, func)
        _set_call_args(self, args)
        _set_hash(self, hash(("Call", func, *map(_hash_of, args))))
        _set_free(self, args[0].free if len(args) == 1 else _union(args))

    @property
    def arg(self) -> Expr:
        return self.args[0]

    def children(self):
        return self.args

    __hash__ = Expr.__hash__

    def __eq__(self, other) -> bool:
        return self is other or (
            type(other) is Call
            and self._hash == other._hash
            and self.func == other.func
            and self.args == other.args
        )


_set_func = Call.__dict__["func"].__set__
_set_call_args = Call.__dict__["args"].__set__


# ---------------------------------------------------------------------------------------------
# small constructors and helpers

ZERO = Num(0)
ONE = Num(1)
TWO = Num(2)
MINUS_ONE = Num(-1)
E = Const("E")
PI = Const("pi")


def neg(e: Expr) -> Expr:
    """``-e``, keeping the invariant that negative numbers are plain :class:`Num`."""
    if type(e) is Num:
        return Num(-e.value)
    return Neg(e)


def rebuild(e: Expr, kids) -> Expr:
    """A node of the same kind as ``e`` with new children."""
    t = type(e)
    if t is Neg:
        return neg(kids[0])
    if t is Add or t is Mul:
        return t(kids)
    if t is Div:
        return Div(kids[0], kids[1])
    if t is Pow:
        return Pow(kids[0], kids[1])
    if t is Call:
        return Call(e.func, kids)
    return e


def walk(e: Expr) -> Iterator[Expr]:
    """Every node of ``e``, parents before children, without recursion."""
    stack = [e]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children()))


def distinct(*roots: Expr):
    """Every distinct node object of the ``roots`` once, parents before children, without
    recursion (a tree that shares sub-trees -- a chain's derivative -- is walked in its own
    size, not in its printed size)."""
    seen: set[int] = set()
    stack = []
    for root in roots:
        if id(root) not in seen:
            seen.add(id(root))
            stack.append(root)
    while stack:
        node = stack.pop()
        yield node
        for c in node.children():
            if id(c) not in seen:
                seen.add(id(c))
                stack.append(c)


def size(e: Expr, past: int | None = None) -> int:
    """The nodes of ``e`` as printed (a shared one each time it appears); with ``past``, the
    count stops at ``past + 1`` (is ``e`` larger than that? told without walking all of a
    large tree)."""
    if past is None:
        return sum(1 for _ in walk(e))
    n = 0
    for _ in walk(e):
        n += 1
        if n > past:
            break
    return n


def stored_size(*roots: Expr) -> int:
    """What the trees hold in memory: their distinct nodes plus the references between them
    (a graph's nodes plus its edges). A product of n factors is n + 1, so the product rule's
    n terms of n - 1 factors count about n², shared factors or not."""
    return sum(1 + len(node.children()) for node in distinct(*roots))


def depth(e: Expr) -> int:
    best = 0
    stack = [(e, 1)]
    while stack:
        node, d = stack.pop()
        if d > best:
            best = d
        for c in node.children():
            stack.append((c, d + 1))
    return best


def bottom_up(e: Expr, visit, memo: dict | None = None) -> object:
    """``visit(node, child_values)`` for every distinct node, children first, without
    recursion; returns the root's value. The one post-order walk the modules share.
    ``memo`` (node -> value), kept by the caller, shares the values between several roots."""
    if memo is None:
        memo = {}
    stack = [(e, False)]
    while stack:
        node, ready = stack.pop()
        if node in memo:
            continue
        kids = node.children()
        if not ready and kids:
            stack.append((node, True))
            stack.extend((k, False) for k in kids)
            continue
        memo[node] = visit(node, [memo[k] for k in kids])
    return memo[e]
