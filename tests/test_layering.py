"""The imports keep the house layered: tools don't import tests, models import no reads."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            prefix = "." * node.level
            yield prefix + (node.module or "")
            yield from (f"{prefix}{node.module or ''}.{alias.name}" for alias in node.names)


def offending(paths, forbidden):
    return sorted(
        f"{path.relative_to(ROOT)}: {module}"
        for path in paths
        for module in imported_modules(path)
        if any(module == name or module.startswith(name + ".") for name in forbidden)
    )


def test_the_bench_and_the_app_import_nothing_from_the_tests():
    code = [*(ROOT / "bench").rglob("*.py"), *(ROOT / "tournaments").rglob("*.py")]
    assert offending(code, ["tests"]) == []


def test_the_models_import_no_page_reads():
    models = [ROOT / "tournaments" / "models.py"]
    assert offending(models, [".selectors", ".views", "tournaments.selectors"]) == []
