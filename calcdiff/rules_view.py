"""`calcdiff rules`: the rule table as data for the renderers (text and JSON)."""

from __future__ import annotations

import difflib

from .errors import UsageError


def _function_entry(rule) -> dict:
    d = {
        "kind": "function",
        "id": rule.id,
        "function": rule.function,
        "aliases": list(rule.aliases),
        "derivative": rule.derivative_text,
        "explain": rule.explain,
    }
    if rule.domain_text:
        d["domain"] = rule.domain_text
    if rule.definition_text:
        d["definition"] = rule.definition_text
    if rule.inverse:
        d["inverse"] = rule.inverse
    if len(rule.arity) > 1 or rule.arity != (1,):
        d["arity"] = list(rule.arity)
    d["sympy"] = rule.sympy
    d["latex"] = rule.latex
    if rule.numeric_text:
        d["numeric"] = rule.numeric_text
    if rule.parity:
        d["parity"] = rule.parity
    if rule.values_text:
        d["values"] = dict(rule.values_text)
    if rule.identities:
        d["identities"] = list(rule.identities)
    d["source"] = "built-in" if rule.builtin else rule.file
    return d


def _structural_entry(rule) -> dict:
    d = {"kind": "structural", "id": rule.id, "name": rule.name, "statement": rule.statement,
         "explain": rule.explain}
    if rule.domain:
        d["domain"] = rule.domain
    return d


def list_rules(table=None) -> dict:
    from .table import builtin_table

    table = table or builtin_table()
    return {
        "structural": [_structural_entry(r) for r in table.structural.values()],
        "functions": [_function_entry(r) for r in table.functions.values()],
    }


def describe_rule(name: str, table=None) -> dict:
    """One entry by function name, alias or rule id (``tan``, ``arctan``, ``d-tan``,
    ``quotient``)."""
    from .table import builtin_table

    table = table or builtin_table()
    key = name.strip()
    if key in table.structural:
        return _structural_entry(table.structural[key])
    rule = table.function(key) or table.function(key.lower())
    if rule is None:
        rule = next((r for r in table.functions.values() if r.id == key), None)
    if rule is None and key in table.call_only:
        rule = table.functions[table.call_only[key]]
    if rule is None:
        candidates = sorted(set(table.names) | set(table.structural)
                            | {r.id for r in table.functions.values()})
        close = difflib.get_close_matches(key, candidates, n=1, cutoff=0.5)
        raise UsageError(f"no rule named {key!r}",
                         hint=f"did you mean {close[0]}?" if close else "see 'calcdiff rules'")
    return _function_entry(rule)


def rules_text(obj: dict) -> str:
    if "kind" in obj:
        return _entry_text(obj)
    out = ["Structural rules (code; names and statements from rules/structural.toml):"]
    width = max(len(r["id"]) for r in obj["structural"])
    for r in obj["structural"]:
        out.append(f"  {r['id'].ljust(width)}  {r['name']}: {r['statement']}")
    out.append("")
    out.append("Functions (d/du f(u); the chain rule multiplies by u′):")
    width = max(len(r["function"]) for r in obj["functions"])
    for r in obj["functions"]:
        aliases = f"  (also {', '.join(r['aliases'])})" if r["aliases"] else ""
        domain = f"  [where {r['domain']}]" if r.get("domain") else ""
        out.append(f"  {r['function'].ljust(width)}  {r['derivative']}{domain}{aliases}")
    return "\n".join(out)


def _entry_text(r: dict) -> str:
    if r["kind"] == "structural":
        lines = [f"{r['name']} ({r['id']})", f"  {r['statement']}", f"  {r['explain']}"]
        if r.get("domain"):
            lines.append(f"  needs: {r['domain']}")
        return "\n".join(lines)
    lines = [f"{r['function']} ({r['id']})"]
    lines.append(f"  d/du {r['function']}(u) = {r['derivative']}")
    lines.append(f"  {r['explain']}")
    if r["aliases"]:
        lines.append(f"  aliases: {', '.join(r['aliases'])}")
    if r.get("domain"):
        lines.append(f"  domain: {r['domain']}")
    if r.get("definition"):
        lines.append(f"  definition: {r['definition']}")
    if r.get("inverse"):
        lines.append(f"  {r['function']}^-1 means {r['inverse']}")
    if r.get("parity"):
        lines.append(f"  parity: {r['parity']}")
    if r.get("values"):
        shown = ", ".join(f"{r['function']}({a}) = {b}" for a, b in r["values"].items())
        lines.append(f"  exact values: {shown}")
    if r.get("numeric"):
        lines.append(f"  numeric: {r['numeric']}")
    lines.append(f"  SymPy: {r['sympy']}; LaTeX: {r['latex']}")
    for identity in r.get("identities", ()):
        lines.append(f"  identity: {identity}")
    lines.append(f"  source: {r['source']}")
    return "\n".join(lines)
