"""Named shared sub-expressions: an answer whose printed form is far larger than its shared
structure is written with names (``where u1 = sin(x)``), in the spirit of common
sub-expression elimination.

Trees share sub-trees by identity (the chain rule's ``u`` in every factor): the derivative of
sin(sin(…(x))) 1,000 deep has 2,001 distinct nodes but prints as 501,501. Everything here is
linear in the DISTINCT nodes: one post-order walk that meets each node object once.

- :func:`sizes`: (printed nodes, distinct nodes) of some trees printed one after another;
  :func:`shared_order` applies the rule that switches names on: more than
  :data:`NAMED_PAST` printed nodes AND more than :data:`RATIO` times the distinct ones.
- :class:`Naming`: which sub-trees get a name -- a compound node met more than once (two
  parents, or a parent and a printed expression of its own), whose text with the names
  of its parts is longer than :data:`TINY_CHARS` (``x**2`` stays as it is) -- numbered in
  the order they are first needed, innermost first, so a definition refers only to earlier
  names (u2 = sin(u1)). The letter is the first of :data:`LETTERS` that no variable of the
  user's is, alone or with a number after it.
"""

from __future__ import annotations

import re

from calcdiff.tree.nodes import LEAVES
from calcdiff.tree.printer import PLAIN, write

NAMED_PAST = 500  # printed nodes (about 2,000 characters and more) before names are considered
RATIO = 4  # ... and the printed nodes must be more than this many times the distinct ones
TINY_CHARS = 5  # a sub-expression whose text is at most this long is never named

LETTERS = ("u", "v", "w", "t", "s", "r", "q", "p")

_COMPOUND = frozenset(("Add", "Neg", "Mul", "Div", "Pow", "Call"))


def post_order(roots) -> list:
    """Every distinct node object of ``roots`` once, children before parents, the roots'
    sub-trees in the order they are printed (no recursion)."""
    seen: set = set()
    out: list = []
    for root in roots:
        if id(root) in seen:
            continue
        seen.add(id(root))
        stack = [(root, iter(root.children()))]
        while stack:
            node, kids = stack[-1]
            for c in kids:
                if id(c) not in seen:
                    seen.add(id(c))
                    stack.append((c, iter(c.children())))
                    break
            else:
                stack.pop()
                out.append(node)
    return out


def sizes(roots, order=None) -> tuple[int, int]:
    """(nodes printed when every root is written whole, distinct node objects); ``order``:
    :func:`post_order` of ``roots``, if already known."""
    printed: dict = {}
    if order is None:
        order = post_order(roots)
    for node in order:
        n = 1
        for c in node.children():
            n += printed[id(c)]
        printed[id(node)] = n
    return sum(printed[id(r)] for r in roots), len(order)


def small(roots) -> bool:
    """Whether ``roots`` print as at most :data:`NAMED_PAST` nodes in all, so that they are
    never named: a walk that stops past it (an answer of a few lines is told apart without
    a table of its distinct nodes)."""
    limit = NAMED_PAST
    stack = list(roots)
    pop, extend = stack.pop, stack.extend
    n = 0
    while stack:
        n += 1
        if n > limit:
            return False
        extend(pop().children())
    return True


def shared_order(roots) -> list | None:
    """:func:`post_order` of ``roots`` when they print far larger than they are (the rule
    that switches names on, :func:`_rule`; what :class:`Naming` then walks), else None.
    The roots are first walked as printed (most answers share only their leaves: a
    500-term polynomial is read once, with no table of sizes); a walk that meets no compound
    node twice is done: only such a node can be named (a naming of nothing would list an
    empty ``where``). At the first compound node met again that walk stops, and the sizes
    are counted over the post-order, linear in the distinct nodes."""
    if not _met_again(roots):
        return None
    order = post_order(roots)
    return order if _rule(*sizes(roots, order)) else None


def _rule(total: int, distinct: int) -> bool:
    """Names: past :data:`NAMED_PAST` printed nodes and :data:`RATIO` times the distinct."""
    return total > NAMED_PAST and total > RATIO * distinct


def _met_again(roots) -> bool:
    """Whether a walk of the printed tree of ``roots`` meets a compound node twice (a
    shared sub-tree); it stops there (the walk could grow with the printed size)."""
    seen: set = set()
    add = seen.add
    stack = list(roots)
    pop, extend = stack.pop, stack.extend
    while stack:
        node = pop()
        if type(node) in LEAVES:  # (a leaf's children() call cost an eighth of the walk)
            continue
        key = id(node)
        if key in seen:
            return True
        add(key)
        extend(node.children())
    return False


def letter_for(taken) -> str:
    """The first of :data:`LETTERS` that no name in ``taken`` uses alone or with a number
    after it (``u``, ``u1``, ``u_2``)."""
    for letter in LETTERS:
        pattern = re.compile(re.escape(letter) + r"(_?\d+)?")
        if not any(pattern.fullmatch(name) for name in taken):
            return letter
    return "_".join(sorted(taken, key=len)[-1:]) + "_u"  # pragma: no cover - eight letters taken


class Naming:
    """The names of the shared sub-trees of ``roots`` (every expression one result prints,
    in the order it prints them). ``nodes`` are the named sub-trees in numbering order (kept
    alive: names are keyed by identity); ``plain_definitions`` their plain text."""

    def __init__(self, roots, taken=(), order=None) -> None:
        roots = list(roots)
        if order is None:
            order = post_order(roots)
        # equal sub-trees that are separate objects (a Hessian's cells, simplified one by
        # one: sigmoid(u1) in each) count as one, under one name: keyed by the first met
        first: dict = {}
        key_of = {id(node): id(first.setdefault(node, node)) for node in order}
        met: dict = {}
        parented: dict = {}
        for root in roots:
            k = key_of[id(root)]
            met[k] = met.get(k, 0) + 1
        get = parented.get
        for node in order:
            for c in node.children():
                k = key_of[id(c)]
                parented[k] = get(k, 0) + 1
        for key, n in parented.items():
            met[key] = met.get(key, 0) + n
        free: set = set(taken)
        for root in roots:
            free |= root.free
        self.letter = letter_for(free)
        self.nodes: list = []
        self.plain: dict = {}  # id -> "u1"
        self.plain_definitions: list[str] = []
        self._aliases: list[tuple[int, int]] = []  # (id of an equal copy, its name's number)
        numbers: dict = {}  # key -> number of its name
        for node in order:
            key = key_of[id(node)]
            if key != id(node):  # an equal copy of a node met before: its name, if any
                if key in numbers:
                    self.plain[id(node)] = self.plain[key]
                    self._aliases.append((id(node), numbers[key]))
                continue
            # a node only ever printed whole at the top of an expression needs no name
            if met[key] < 2 or key not in parented or type(node).__name__ not in _COMPOUND:
                continue
            text = write(node, PLAIN, names=self.plain)
            if len(text) <= TINY_CHARS:
                continue
            self.nodes.append(node)
            numbers[key] = len(self.nodes)
            self.plain[key] = plain_name(self.letter, len(self.nodes))
            self.plain_definitions.append(text)
        self._styled: dict = {"plain": self.plain}

    def __len__(self) -> int:
        return len(self.nodes)

    def names(self, style: str, spell) -> dict:
        """id(node) -> the name in a notation, ``spell(letter, number)`` (u₁, u_{1})."""
        table = self._styled.get(style)
        if table is None:
            table = self._styled[style] = {
                id(n): spell(self.letter, k) for k, n in enumerate(self.nodes, 1)}
            for key, k in self._aliases:
                table[key] = spell(self.letter, k)
        return table

    def definitions(self, style: str, spell, printer) -> list[tuple[str, str]]:
        """(name, definition) in a notation: ``printer(node, names)`` writes one node with
        its named parts as names."""
        table = self.names(style, spell)
        return [(table[id(n)], printer(n, table)) for n in self.nodes]


def plain_name(letter: str, number: int) -> str:
    return f"{letter}{number}"
