"""The scoring API: POST a JSON case (docs/case-format.md), get the engine's result.

Two ways in, one rule: a logged-in user's session (the browser; CSRF applies) or an API
token (`Authorization: Bearer <token>`; a program, for which CSRF is meaningless). Every
answer is JSON, errors included, so a client never has to parse a login page. See
docs/api.md.
"""

import json

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from scoring.case_json import CaseFormatError, parse_json, read_case
from scoring.engine.evaluate import evaluate_case
from scoring.models import ApiToken
from scoring.referentials import current_referential
from scoring.serialize import case_document, render

MAX_BODY_BYTES = 1024 * 1024
BEARER = "bearer "


class ApiError(Exception):
    """An answer other than the result: its status and JSON body."""

    def __init__(self, status: int, error: str, headers: dict | None = None):
        self.status, self.error, self.headers = status, error, headers or {}

    def response(self) -> JsonResponse:
        return JsonResponse({"error": self.error}, status=self.status, headers=self.headers)


class _CsrfCheck(CsrfViewMiddleware):
    """Django's CSRF check, run by the view: the reason instead of the HTML failure page."""

    def _reject(self, request, reason):
        return reason


@login_not_required  # the view authenticates itself and answers 401 in JSON, not a redirect
@csrf_exempt  # ...and checks CSRF itself, for session requests only
def evaluate(request: HttpRequest) -> HttpResponse:
    try:
        if request.method != "POST":
            raise ApiError(405, "Use POST.", {"Allow": "POST"})
        _authenticate(request)
        data = _json_body(request)
        facts = read_case(data, today=timezone.localdate())
    except ApiError as error:
        return error.response()
    except CaseFormatError as error:
        fields = [{"field": path, "message": message} for path, message in error.errors]
        return JsonResponse({"errors": fields}, status=400)
    result = evaluate_case(facts, current_referential())
    # Compact: the same document as the command's, without the indentation a program does
    # not read (indented JSON is written by Python code, compact by the C encoder).
    return HttpResponse(render(case_document(result), indent=None),
                        content_type="application/json")


def _authenticate(request: HttpRequest) -> None:
    """A bearer token, else the session with its CSRF token; else 401 (or 403 for CSRF)."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith(BEARER):
        user = ApiToken.authenticate(header[len(BEARER):].strip())
        if user is None:
            raise ApiError(401, "Invalid or revoked API token.",
                           {"WWW-Authenticate": 'Bearer error="invalid_token"'})
        request.user = user
        return
    if not request.user.is_authenticated:
        raise ApiError(401, "Authentication required: log in, or send "
                            "'Authorization: Bearer <token>'.", {"WWW-Authenticate": "Bearer"})
    reason = _CsrfCheck(lambda _request: None).process_view(request, None, (), {})
    if reason:
        raise ApiError(403, f"CSRF check failed: {reason}")


def _json_body(request: HttpRequest) -> object:
    if request.content_type != "application/json":
        raise ApiError(415, "The body must be JSON, sent as 'Content-Type: application/json'.")
    body = _read_body(request)
    try:
        return parse_json(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise ApiError(400, "The body is not UTF-8 text.") from None
    except json.JSONDecodeError as error:
        raise ApiError(400, f"Invalid JSON: {error.msg} at line {error.lineno}, "
                            f"column {error.colno}.") from None
    except ValueError as error:
        raise ApiError(400, f"Invalid JSON: {error}.") from None
    except RecursionError:  # the parser's limit, reached by arrays or objects nested deep
        raise ApiError(400, "Invalid JSON: nested too deeply.") from None


def _read_body(request: HttpRequest) -> bytes:
    """The body, at most MAX_BODY_BYTES: a larger declared length is refused unread, and
    reading one byte over the limit bounds the memory used whatever the server was told."""
    declared = request.META.get("CONTENT_LENGTH") or ""
    too_large = ApiError(413, f"The body is larger than {MAX_BODY_BYTES} bytes.")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise too_large
    body = request.read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        raise too_large
    return body
