"""Text and JSON views of the exploring commands: tangent, limit, taylor."""

from __future__ import annotations

from fractions import Fraction

from calcdiff.results import Derivation, LimitTable, Tangent, Taylor
from calcdiff.tree.printer import to_plain


def _frac(v) -> str:
    if isinstance(v, Fraction):
        return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"
    return repr(v)


def _plain_float(v):
    import math

    return v if v is not None and math.isfinite(v) else None


def _derivation_lines(d: Derivation, steps: bool, out: list[str]) -> None:
    from calcdiff.render.text import render_step

    if not steps:
        return
    out.append("")
    out.append(f"Derivative (with respect to {d.wrt[0]}):")
    for part in d.parts:
        render_step(part.step, 1, out, {}, "")
        if part.simplified != part.step.result:
            out.append(f"  simplified: {to_plain(part.simplified)}")


def text(obj, steps: bool = True) -> str:
    from calcdiff.render.text import render_reading

    out: list[str] = []
    render_reading(obj.reading, out)
    if isinstance(obj, Tangent):
        v, a = obj.var, to_plain(obj.at)
        _derivation_lines(obj.derivation, steps, out)
        out.append("")
        out.append(f"f({a}) = {to_plain(obj.value)}")
        out.append(f"f′({a}) = {to_plain(obj.slope)}")
        out.append(f"Tangent line: y = {to_plain(obj.tangent)}")
        out.append("Normal line:  " + (f"y = {to_plain(obj.normal)}" if obj.normal is not None
                                       else f"{v} = {a} (the tangent is horizontal)"))
        return "\n".join(out)
    if isinstance(obj, LimitTable):
        a = to_plain(obj.at)
        kind = "central" if obj.central else "forward"
        formula = ("(f(a + h) − f(a − h))/(2h)" if obj.central else "(f(a + h) − f(a))/h")
        if obj.derivation is not None:
            _derivation_lines(obj.derivation, steps, out)
        out.append("")
        out.append(f"The {kind} difference quotient {formula} at {obj.var} = {a}:")
        rows = [("h", "exact quotient", "in floating point", "error of the exact quotient")]
        for r in obj.rows:
            exact = _frac(r.quotient) if isinstance(r.quotient, Fraction) else r.quotient[:22]
            err = _frac(r.error) if isinstance(r.error, Fraction) else f"{r.error:.3e}"
            decimal = (isinstance(r.quotient, Fraction) and r.quotient.denominator != 1)
            rows.append((_frac(r.h), exact + (f" = {float(r.quotient):.12g}" if decimal else ""),
                         repr(r.float), err))
        widths = [max(len(row[i]) for row in rows) for i in range(4)]
        for row in rows:
            out.append("  " + "   ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())
        out.append("")
        out.append(f"Exact limit: f′({a}) = {to_plain(obj.exact)} ≈ {obj.exact_float:.12g}")
        return "\n".join(out)
    if isinstance(obj, Taylor):
        a = to_plain(obj.at)
        if steps:
            for k, d in enumerate(obj.derivations, 1):
                out.append("")
                out.append(f"Derivative of order {k}:")
                for part in d.parts:
                    from calcdiff.render.text import render_step

                    render_step(part.step, 1, out, {}, "")
                    if part.simplified != part.step.result:
                        out.append(f"  simplified: {to_plain(part.simplified)}")
        out.append("")
        out.append(f"Coefficients f⁽ᵏ⁾({a})/k!:")
        for k, (deriv, value, coeff) in enumerate(zip(obj.derivatives, obj.values,
                                                       obj.coefficients)):
            out.append(f"  k = {k}: f⁽{k}⁾({obj.var}) = {to_plain(deriv)};  "
                       f"f⁽{k}⁾({a}) = {to_plain(value)};  coefficient {to_plain(coeff)}")
        out.append("")
        out.append(f"Taylor polynomial of order {obj.order} at {obj.var} = {a}:")
        ascending = " + ".join(to_plain(t) for t in obj.terms).replace("+ -", "- ") or "0"
        out.append(f"  {ascending}")
        out.append(f"Remainder (Lagrange form, some ξ between {a} and {obj.var}):")
        out.append(f"  R{obj.order}({obj.var}) = {to_plain(obj.remainder)}")
        return "\n".join(out)
    raise TypeError(type(obj).__name__)


def json_obj(obj, steps: bool = True) -> dict:
    from calcdiff.render.json_ import _root_json

    out = {"input": obj.reading.text, "expr": obj.reading.plain,
           "notes": obj.reading.note_messages()}
    if isinstance(obj, Tangent):
        out.update({
            "at": {obj.var: to_plain(obj.at)},
            "value": to_plain(obj.value), "value_float": _plain_float(obj.value_float),
            "slope": to_plain(obj.slope), "slope_float": _plain_float(obj.slope_float),
            "tangent": to_plain(obj.tangent),
            "normal": to_plain(obj.normal) if obj.normal is not None else None,
        })
        if obj.normal is None:
            out["normal_vertical"] = f"{obj.var} = {to_plain(obj.at)}"
        if steps:
            out["derivation"] = [_root_json(p) for p in obj.derivation.parts]
        return out
    if isinstance(obj, LimitTable):
        out.update({
            "at": {obj.var: to_plain(obj.at)},
            "kind": "central" if obj.central else "forward",
            "exact": to_plain(obj.exact), "exact_float": _plain_float(obj.exact_float),
            "rows": [
                {"h": _frac(r.h),
                 "quotient": _frac(r.quotient) if isinstance(r.quotient, Fraction) else str(r.quotient),
                 **({} if isinstance(r.quotient, Fraction) else {"quotient_digits": 40}),
                 "quotient_float": _plain_float(r.quotient_float),
                 "float": _plain_float(r.float),
                 "error": _frac(r.error) if isinstance(r.error, Fraction) else _plain_float(r.error)}
                for r in obj.rows
            ],
        })
        if steps and obj.derivation is not None:
            out["derivation"] = [_root_json(p) for p in obj.derivation.parts]
        return out
    if isinstance(obj, Taylor):
        out.update({
            "at": {obj.var: to_plain(obj.at)},
            "order": obj.order,
            "polynomial": to_plain(obj.polynomial),
            "terms": [to_plain(t) for t in obj.terms],
            "coefficients": [to_plain(c) for c in obj.coefficients],
            "derivatives": [to_plain(d) for d in obj.derivatives[: obj.order + 1]],
            "remainder": to_plain(obj.remainder),
        })
        if steps:
            out["derivation"] = [_root_json(d.parts[0]) for d in obj.derivations]
        return out
    raise TypeError(type(obj).__name__)
