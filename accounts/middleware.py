"""Two gates every request passes before its view: the session's time limits, then the
second factor.

Session limits. A login lasts at most SESSION_COOKIE_AGE (absolute, 8 hours by default) and
ends sooner after SESSION_IDLE_TIMEOUT without activity (30 minutes by default). Both times
are kept in the session and checked here rather than left to the cookie's expiry, so that
the user is told why they must log in again and lands back on the page they were on
(`next`). A request that sends the header `RCP-Background: 1` (an automatic refresh, which
no page makes yet) is not activity: a tab left open must not keep a login alive.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect
from django_htmx.middleware import HtmxDetails

from accounts.second_factor import Step, missing_step, needs_second_factor

LOGGED_IN_AT = "accounts.logged_in_at"
LAST_ACTIVITY_AT = "accounts.last_activity_at"
# Activity is written to the session at most this often: not a database write per request.
ACTIVITY_RESOLUTION_S = 60
BACKGROUND_HEADER = "RCP-Background"
# False when the user had neither a device nor the duty to have one at login; enrolling
# later in the session verifies it at once, so the answer cannot go stale unsafely.
NEEDS_SECOND_FACTOR = "accounts.needs_second_factor"

# Views an unverified user may still reach: the steps themselves, leaving, the language.
SECOND_FACTOR_EXEMPT = {"second_factor_verify", "second_factor_enrol", "logout",
                        "set_language"}


class SessionExpiryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            reason = expiry_reason(request.session, now=time.time())
            if reason:
                return _end_session(request, reason)
            _record_activity(request)
        return self.get_response(request)


def expiry_reason(session, *, now: float) -> str | None:
    """Why the session is over (a sentence for the user), or None while it is valid."""
    logged_in_at = session.get(LOGGED_IN_AT, now)
    last_activity_at = session.get(LAST_ACTIVITY_AT, now)
    if now - logged_in_at > settings.SESSION_COOKIE_AGE:
        return _("Your session reached its maximum length. Please log in again.")
    if now - last_activity_at > settings.SESSION_IDLE_TIMEOUT:
        return _("You were logged out after a period of inactivity. Please log in again.")
    return None


def start_session(sender, request: HttpRequest, user, **kwargs) -> None:
    """At login (Django's user_logged_in, connected in AccountsConfig.ready): the times the
    limits count from, and whether this login will need a code at all, so that the requests
    of a user without a second factor cost no query for it."""
    now = time.time()
    session = request.session
    session[LOGGED_IN_AT] = session[LAST_ACTIVITY_AT] = now
    session[NEEDS_SECOND_FACTOR] = needs_second_factor(user)


def _record_activity(request: HttpRequest) -> None:
    now = time.time()
    session = request.session
    session.setdefault(LOGGED_IN_AT, now)
    if request.headers.get(BACKGROUND_HEADER):
        return
    if now - session.get(LAST_ACTIVITY_AT, 0) >= ACTIVITY_RESOLUTION_S:
        session[LAST_ACTIVITY_AT] = now


def _end_session(request: HttpRequest, reason: str) -> HttpResponse:
    back_to = _current_page(request)
    logout(request)
    messages.info(request, reason)
    return _redirect(request, redirect_to_login(back_to)["Location"])


def _current_page(request: HttpRequest) -> str:
    """Where the user was: for htmx, the page holding the fragment, not the fragment's URL;
    for a form post, the form's page."""
    htmx = _htmx(request)
    if htmx and htmx.current_url_abs_path:
        return htmx.current_url_abs_path
    if request.method != "GET":
        referer = request.headers.get("Referer", "")
        if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()},
                                                       request.is_secure()):
            return referer
        return resolve_url(settings.LOGIN_REDIRECT_URL)
    return request.get_full_path()


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect that also works for htmx, which would otherwise swap the target page into
    the fragment instead of going there."""
    if _htmx(request):
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


def _htmx(request: HttpRequest) -> HtmxDetails:
    # django-htmx's middleware comes later in MIDDLEWARE: read the headers the same way.
    return getattr(request, "htmx", None) or HtmxDetails(request)


class SecondFactorMiddleware:
    """Sends an unverified user who needs a code to enrolment or to the code step, keeping
    `next`. Public views (login page, health, the API with its own token check) see such a
    session as anonymous: a password alone is not a login for them either."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = request.user
        # Staff rights granted during the session are seen at once (no query to ask).
        promoted = user.is_authenticated and (user.is_staff or user.is_superuser)
        if not request.session.get(NEEDS_SECOND_FACTOR, True) and not promoted:
            return None
        step = missing_step(user)
        if step is None or request.resolver_match.url_name in SECOND_FACTOR_EXEMPT:
            return None
        if not getattr(view_func, "login_required", True):
            request.user = AnonymousUser()
            return None
        target = "second_factor_enrol" if step is Step.ENROL else "second_factor_verify"
        url = redirect_to_login(_current_page(request), login_url=reverse(target))
        return _redirect(request, url["Location"])
