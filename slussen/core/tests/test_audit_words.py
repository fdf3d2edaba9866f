"""Every action recorded in the audit trail reads as a sentence: none falls back to the
generic "Recorded an action" (issue 18: audit events in words, never codes)."""

import ast
from pathlib import Path

from slussen.core import audit

ROOT = Path(audit.__file__).resolve().parents[1]
GENERIC = audit.describe("no.such_action")


def _is_record(call):
    f = call.func
    if isinstance(f, ast.Attribute):
        return f.attr == "record" and isinstance(f.value, ast.Name) and f.value.id == "audit"
    return isinstance(f, ast.Name) and f.id == "record"


def _strings_assigned(tree, name):
    return [
        node.value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(getattr(t, "id", None) == name for t in node.targets)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, str)
    ]


def recorded_actions():
    """Every action given to ``audit.record(actor, action, …)`` outside tests, as a sample
    code and its file: literal codes, both branches of ``"a" if x else "b"``, the strings
    assigned to a variable passed as the action, and f-strings by their literal beginning."""
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        where = str(path.relative_to(ROOT.parent))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and _is_record(node) and len(node.args) >= 2):
                continue
            arg = node.args[1]
            for option in [arg.body, arg.orelse] if isinstance(arg, ast.IfExp) else [arg]:
                if isinstance(option, ast.Constant):
                    found.append((option.value, where))
                elif isinstance(option, ast.JoinedStr):
                    first = option.values[0]
                    assert isinstance(first, ast.Constant), f"{where}: action without a beginning"
                    found.append((first.value + "anything", where))
                elif isinstance(option, ast.Name):
                    strings = _strings_assigned(tree, option.id)
                    assert strings, f"{where}: cannot tell what {option.id} holds"
                    found += [(s, where) for s in strings]
                else:
                    raise AssertionError(f"{where}: an action the test cannot read")
    return found


def test_every_recorded_action_reads_as_words():
    found = recorded_actions()
    assert len(found) > 60  # the walk finds the product's actions, not nothing
    missing = sorted(
        {f"{code} ({where})" for code, where in found if audit.describe(code) == GENERIC}
    )
    assert not missing, "audit actions without words in core/audit.py: " + ", ".join(missing)
