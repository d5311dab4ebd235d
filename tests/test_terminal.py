"""The rich view as a person sees it: recorded at 80 columns, no colour."""

from __future__ import annotations

from rich.console import Console

from calcdiff.api import derive
from calcdiff.multivar import grad
from calcdiff.render.terminal import render_rich


def record(obj) -> str:
    console = Console(width=80, color_system=None, record=True, file=open("/dev/null", "w"))
    console.print(render_rich(obj))
    return console.export_text()


def test_derive_tree_exact():
    assert record(derive("3x^2-4x")) == (
        "Input    3x^2-4x\n"
        "Reading  3x² − 4x\n"
        "  note   implicit multiplication: 3x^2 -> 3*x**2\n"
        "  note   implicit multiplication: 4x -> 4*x\n"
        "Differentiate with respect to x\n"
        "└── d/dx [3x² − 4x] = 6x − 4\n"
        "    ├── difference rule  (f − g)′ = f′ − g′\n"
        "    ├── f = 3x², g = 4x\n"
        "    ├── d/dx [3x²] = 6x\n"
        "    │   ├── constant multiple rule  (c·f)′ = c·f′\n"
        "    │   ├── c = 3, f = x²\n"
        "    │   └── d/dx x² = 2x\n"
        "    │       ├── power rule  (xⁿ)′ = n·xⁿ⁻¹\n"
        "    │       └── n = 2\n"
        "    └── d/dx [4x] = 4\n"
        "        ├── constant multiple rule  (c·f)′ = c·f′\n"
        "        ├── c = 4, f = x\n"
        "        └── d/dx x = 1\n"
        "            └── variable rule  x′ = 1\n"
        "Result   6*x - 4\n"
    )


def test_fits_80_columns_and_shows_held_constants():
    text = record(grad("x^2*sin(y) + e^(x*y)"))
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "(y held constant)" in text and "(x held constant)" in text
