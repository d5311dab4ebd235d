"""The CLI invocations pinned by exact-output golden files in tests/fixtures/golden/.

Regenerate after an intended change with:  python -m tests.golden_cases  (then review the diff).
"""

CASES = {
    "derive_3x2_4x.txt": ["derive", "3x^2-4x", "-f", "text"],
    "derive_3x2_4x.json": ["derive", "3x^2-4x", "-f", "json"],
    "derive_3x2_4x_at.txt": ["derive", "3x^2-4x", "--at", "x=1", "-f", "text", "--no-steps"],
    "derive_x3_at.json": ["derive", "x^3", "--at", "x=3", "-f", "json", "--no-steps"],
    "derive_quotient.txt": ["derive", "(x^2+1)/(x-1)", "-f", "text"],
    "derive_chain.txt": ["derive", "(x^2+1)^10", "-f", "text"],
    "derive_mixed.txt": ["derive", "x^2*y^3", "-x", "x", "-x", "y", "-f", "text"],
    "derive_let.txt": ["derive", "u^2*v", "--let", "u=cos t", "--let", "v=sin t", "-x", "t",
                       "-f", "text"],
    "grad_3x2_xy.txt": ["grad", "3x^2 + xy", "-f", "text"],
    "grad_3x2_xy.json": ["grad", "3x^2 + xy", "-f", "json"],
    "hessian_saddle.txt": ["hessian", "x^2 - y^2", "--at", "x=0,y=0", "-f", "text",
                           "--no-steps"],
    "jacobian.txt": ["jacobian", "x^2*y", "5x + sin(y)", "-f", "text", "--no-steps"],
    "parse_notes.txt": ["parse", "sin^-1 x", "log x", "e^2x", "2xy", "-f", "text"],
}


def render(args: list[str]) -> tuple[int, str]:
    from click.testing import CliRunner

    from calcdiff.cli import main

    r = CliRunner().invoke(main, args, catch_exceptions=False)
    return r.exit_code, r.stdout


if __name__ == "__main__":
    from pathlib import Path

    folder = Path(__file__).parent / "fixtures" / "golden"
    for name, args in CASES.items():
        code, out = render(args)
        assert code == 0, (name, code)
        (folder / name).write_text(out, encoding="utf-8")
        print("wrote", name)
