"""The second factor's pages: the security page, enrolling a device, the code step."""

import math
from base64 import b32encode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts import second_factor
from accounts.forms import CodeForm
from accounts.qr import grouped, qr_svg

WRONG_CODE = gettext_lazy("This code is not valid. Type the code your app shows now.")


@login_required
def security(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(request, "accounts/security.html", {
        "device": second_factor.confirmed_device(user),
        "required": second_factor.is_required(user),
    })


@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Show a new secret (QR code and text), then confirm it with a first code."""
    if second_factor.confirmed_device(request.user) is not None:
        # One device per user: adding another would let a password alone add a factor.
        messages.info(request, _("Two-factor authentication is already set up."))
        return redirect("security")
    device = second_factor.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        refused = _refusal_message(device)
        if not refused and second_factor.confirm_enrolment(
                request, device=device, token=form.cleaned_data["code"]):
            messages.success(request, _("Two-factor authentication is now on."))
            return redirect(_next_page(request, default=reverse("security")))
        form.add_error("code", refused or WRONG_CODE)
    return render(request, "accounts/enrol.html", {
        "form": form,
        "qr_code": qr_svg(device.config_url),
        "secret": grouped(_base32(device)),
        "required": second_factor.is_required(request.user),
        "next": _next_page(request, default=""),
    })


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The code step after the password."""
    device = second_factor.confirmed_device(request.user)
    if device is None or request.user.is_verified():
        return redirect(_next_page(request, default=reverse("home")))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        refused = _refusal_message(device)
        if not refused and second_factor.verify_code(request, device=device,
                                                     token=form.cleaned_data["code"]):
            return redirect(_next_page(request, default=reverse("home")))
        form.add_error("code", refused or WRONG_CODE)
    return render(request, "accounts/verify.html", {
        "form": form, "next": _next_page(request, default=""),
    })


def _refusal_message(device) -> str | None:
    """Why no code is tried now: django-otp waits 1, 2, 4... seconds after each wrong code."""
    throttled = second_factor.refusal(device)
    if not throttled:
        return None
    wait = max(1, math.ceil((throttled["locked_until"] - timezone.now()).total_seconds()))
    return ngettext("Too many wrong codes: wait %(seconds)d second, then try again.",
                    "Too many wrong codes: wait %(seconds)d seconds, then try again.",
                    wait) % {"seconds": wait}


def _next_page(request: HttpRequest, *, default: str) -> str:
    """The page asked for before the login (`next`), when it is one of ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(
            wanted, {request.get_host()}, request.is_secure()):
        return wanted
    return default


def _base32(device) -> str:
    return b32encode(device.bin_key).decode()
