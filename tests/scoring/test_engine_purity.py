"""The engine is plain Python: no Django import, no database, the referential as argument."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[2] / "scoring" / "engine"
ENGINE_MODULES = sorted(ENGINE.glob("*.py"))


@pytest.mark.parametrize("path", ENGINE_MODULES, ids=lambda p: p.name)
def test_it_imports_nothing_from_django(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = [
        alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
        for alias in node.names
    ] + [node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)]
    assert not [name for name in imported if name.split(".")[0] in {"django", "patients",
                                                                       "recommendations"}]


def test_it_loads_the_whole_engine_without_loading_django():
    code = (
        "import sys, scoring.engine.evaluate, scoring.referential_data as data\n"
        "data.seed_referential()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,  # noqa: S603
                            cwd=ENGINE.parents[1], check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
