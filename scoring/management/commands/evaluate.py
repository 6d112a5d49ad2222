"""`manage.py evaluate CASE.json`: the engine's result for a JSON case, as JSON on stdout.

The case format is docs/case-format.md; the output is the document the API returns. An
invalid case ends with status 2 and every faulty field named on stderr, so a script can tell
"bad input" (2) from "the command failed" (1).
"""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError
from django.utils import timezone

from scoring.case_json import CaseFormatError, parse_json, read_case
from scoring.engine.evaluate import evaluate_case
from scoring.referentials import current_referential
from scoring.serialize import case_document, render

INVALID_INPUT = 2


class Command(BaseCommand):
    help = "Evaluate a case given as JSON (docs/case-format.md) and print the result as JSON."

    def add_arguments(self, parser) -> None:
        parser.add_argument("case", help="The case file, or '-' to read standard input.")
        parser.add_argument("--indent", type=int, default=2,
                            help="Spaces of indentation of the output (0: one line).")

    def handle(self, *args, case: str, indent: int, **options) -> None:
        name = "The standard input" if case == "-" else case
        data = _parse(_read(case), name)
        try:
            facts = read_case(data, today=timezone.localdate())
            referential = current_referential()
        except CaseFormatError as error:
            lines = "\n".join(f"  {path}: {message}" for path, message in error.errors)
            raise CommandError(f"{name} is not a valid case:\n{lines}",
                               returncode=INVALID_INPUT) from None
        except DatabaseError as error:  # the vocabulary and the referential live there
            raise CommandError(f"The database is not ready ({error}): run "
                               f"`python manage.py migrate`.") from None
        result = evaluate_case(facts, referential)
        self.stdout.write(render(case_document(result), indent=indent or None))


def _read(case: str) -> str:
    if case == "-":
        return sys.stdin.read()
    try:
        return Path(case).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"Cannot read {case}: {error}", returncode=INVALID_INPUT) from None


def _parse(text: str, name: str) -> object:
    try:
        return parse_json(text)
    except json.JSONDecodeError as error:
        raise CommandError(f"{name} is not valid JSON: {error.msg} at line {error.lineno}, "
                           f"column {error.colno}", returncode=INVALID_INPUT) from None
    except ValueError as error:
        raise CommandError(f"{name} is not valid JSON: {error}",
                           returncode=INVALID_INPUT) from None
    except RecursionError:  # the parser's limit, reached by arrays or objects nested deep
        raise CommandError(f"{name} is not valid JSON: nested too deeply",
                           returncode=INVALID_INPUT) from None
