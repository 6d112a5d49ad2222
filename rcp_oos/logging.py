"""Logs and error e-mails that carry no health data.

When a request fails, the log line and the e-mail to the ADMINS say what an operator needs to
find the fault (method, path, status, user id, exception type, the code lines of the
traceback) and nothing a user typed or the database holds: no query string, no form values,
no cookies, no local variables, no settings, and no exception message, since a message can
quote data ("Key (ipp)=(…) already exists", "invalid literal for int(): 'Dupont'").
Wired in by LOGGING and DEFAULT_EXCEPTION_REPORTER_FILTER in rcp_oos/settings.py.
"""

import html
import logging
import re
import traceback
from collections.abc import Iterator

from django.http import HttpRequest
from django.views.debug import ExceptionReporter, SafeExceptionReporterFilter

WITHHELD = "[withheld: may hold health data]"
# The harmless part of a request's environment: how it came, never what it carried.
SAFE_META = {"REQUEST_METHOD", "PATH_INFO", "SCRIPT_NAME", "SERVER_NAME", "SERVER_PORT",
             "SERVER_PROTOCOL", "CONTENT_TYPE", "CONTENT_LENGTH", "HTTP_HOST"}
_QUERY_STRING = re.compile(r"\?[^\s\"']*")


def describe_request(request: HttpRequest) -> str:
    """`POST /patients/12/edit/ (user 3)`: the path without its query string."""
    try:
        user = request.user
        who = f"user {user.pk}" if user.is_authenticated else "anonymous"
    except Exception:  # noqa: BLE001 (no user middleware, or the database is down)
        who = "user unknown"
    return f"{request.method} {request.path} ({who})"


def _exception_chain(exc_value: BaseException) -> Iterator[BaseException]:
    """The exception and those that caused it or were being handled, innermost last."""
    seen = set()
    while exc_value is not None and id(exc_value) not in seen:
        seen.add(id(exc_value))
        yield exc_value
        exc_value = exc_value.__cause__ or (
            None if exc_value.__suppress_context__ else exc_value.__context__)


def describe_exception(exc_type, exc_value, tb) -> str:
    """A traceback with its frames (file, line, function, code) and exception types only."""
    if exc_value is None or not isinstance(exc_value, BaseException):
        return f"{getattr(exc_type, '__qualname__', 'Exception')}: {WITHHELD}"
    parts = []
    for exception in reversed(list(_exception_chain(exc_value))):
        frames = exception.__traceback__ if exception is not exc_value else tb
        if parts:
            parts.append("\nThe exception above led to this one:\n")
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.extract_tb(frames).format())
        kind = type(exception)
        parts.append(f"{kind.__module__}.{kind.__qualname__}: {WITHHELD}\n")
    return "".join(parts).rstrip("\n")


class HealthDataFreeFormatter(logging.Formatter):
    """Formats exceptions without their message (see describe_exception)."""

    def format(self, record: logging.LogRecord) -> str:
        # Another formatter may have cached the full traceback on the record: never reuse it.
        cached, record.exc_text = record.exc_text, None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(self, ei) -> str:  # noqa: N802 (logging's name)
        return describe_exception(*ei)


class RequestSummaryFilter(logging.Filter):
    """Replaces the request a record carries (form, query, cookies...) by a one-line summary.

    Django's request loggers attach the whole HttpRequest; AdminEmailHandler would mail it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        request = record.__dict__.pop("request", None)
        if isinstance(request, HttpRequest):
            status = getattr(record, "status_code", None)
            record.msg = f"{record.getMessage()} [{describe_request(request)}, status {status}]"
            record.args = ()
        elif request is not None:
            record.request = request  # not an HttpRequest (runserver's socket): left alone
        return True


class TaskFailureFilter(logging.Filter):
    """Celery's task failure and retry lines quote the exception (its message) and the task's
    arguments: keep the exception's type only, and withhold the rest."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, dict) and "exc" in record.args:
            context = dict(record.args)
            context["exc"] = _exception_type(context["exc"], record.exc_info)
            for key in ("args", "kwargs", "traceback"):
                if key in context:
                    context[key] = WITHHELD
            record.args = context
            if isinstance(getattr(record, "data", None), dict):
                record.data = context
        return True


def _exception_type(text, exc_info) -> str:
    if exc_info and exc_info[0] is not None:
        return exc_info[0].__name__
    match = re.search(r"([A-Za-z_][\w.]*)\(", str(text))  # "ValueError('…')"
    return match.group(1) if match else WITHHELD


class QueryStringFilter(logging.Filter):
    """Masks query strings in request lines (runserver's log: `"GET /patients/?q=… HTTP/1.1"`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _QUERY_STRING.sub("?[withheld]", record.getMessage())
        record.args = ()
        return True


class HealthDataFreeExceptionReporter(ExceptionReporter):
    """The body of the admins' error e-mail: the traceback without data, nothing else."""

    def get_traceback_text(self) -> str:
        if self.exc_type is None:
            return "No traceback."
        return describe_exception(self.exc_type, self.exc_value, self.tb)

    def get_traceback_html(self) -> str:
        return f"<pre>{html.escape(self.get_traceback_text())}</pre>"


class HealthDataFreeReporterFilter(SafeExceptionReporterFilter):
    """Hides every POST value, local variable, cookie, setting and most of the environment.

    Django's filter only hides what looks like a password; here everything may be health data.
    Like Django's, it is active when DEBUG is off (always in production).
    """

    def get_post_parameters(self, request):
        if request is None or not self.is_active(request):
            return super().get_post_parameters(request)
        return dict.fromkeys(request.POST, self.cleansed_substitute)

    def get_traceback_frame_variables(self, request, tb_frame):
        if not self.is_active(request):
            return super().get_traceback_frame_variables(request, tb_frame)
        return [(name, self.cleansed_substitute) for name in tb_frame.f_locals]

    def get_safe_settings(self):
        settings = super().get_safe_settings()
        if not self.is_active(None):
            return settings
        return dict.fromkeys(settings, self.cleansed_substitute)

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        if request is None or not self.is_active(request):
            return meta
        return {name: value if name in SAFE_META else self.cleansed_substitute
                for name, value in meta.items()}

    def get_safe_cookies(self, request):
        cookies = super().get_safe_cookies(request)
        if request is None or not self.is_active(request):
            return cookies
        return dict.fromkeys(cookies, self.cleansed_substitute)
