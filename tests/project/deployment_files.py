"""Reading the deployment files (compose, .env.example, settings source) and running the
project in a subprocess with a clean environment, for the tests of tests/project/."""

import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent

# `NAME=value` (set) or `# NAME=value` (optional, shown with its default).
ENV_LINE = re.compile(r"^(#\s*)?([A-Z][A-Z0-9_]*)=(.*)$")
# ${NAME}, ${NAME:-default}, ${NAME:?error}; `$${NAME}` is left to the container's shell.
_COMPOSE_VARIABLE = re.compile(r"(?<!\$)\$\{([A-Za-z_][A-Za-z0-9_]*)")
_SETTINGS_VARIABLE = re.compile(
    r"""(?:env\.get_(?:str|bool|int|list)\(|os\.environ\.get\(|os\.environ\[|getenv\()"""
    r"""\s*["']([A-Z][A-Z0-9_]*)["']"""
)


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def compose_variables(text: str) -> set[str]:
    """The ${VARIABLES} compose interpolates in a compose file (its values, not comments)."""
    return set(_COMPOSE_VARIABLE.findall("\n".join(_strings(yaml.safe_load(text)))))


def _strings(node) -> list[str]:
    if isinstance(node, dict):
        return [text for key, value in node.items() for text in _strings(key) + _strings(value)]
    if isinstance(node, list):
        return [text for item in node for text in _strings(item)]
    return [node] if isinstance(node, str) else []


def settings_variables(*sources: str) -> set[str]:
    """The environment variables that settings source code reads by name."""
    names = set()
    for source in sources:
        names |= set(_SETTINGS_VARIABLE.findall(source))
        if "secret_key(" in source:
            names.add("SECRET_KEY")
    return names


def env_example_lines() -> list[tuple[str, str, bool]]:
    """(name, value, is_set) for each `NAME=value` or `# NAME=value` line of .env.example."""
    lines = []
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = ENV_LINE.match(line.strip())
        if match:
            lines.append((match[2], match[3], match[1] is None))
    return lines


def env_example_values() -> dict[str, str]:
    """What a copy of .env.example puts in the containers' environment (the set lines)."""
    return {name: value for name, value, is_set in env_example_lines() if is_set}


def clean_env(**variables: str) -> dict[str, str]:
    """A bare environment (no RCP_ENV, DEBUG...) with the project's venv first on PATH."""
    return {
        "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "DJANGO_SETTINGS_MODULE": "rcp_oos.settings",
        **variables,
    }


def run(args: list[str], env: dict[str, str], timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (the project's own commands)
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def run_python(code: str, **variables: str) -> subprocess.CompletedProcess:
    return run([sys.executable, "-c", code], clean_env(**variables))
