"""Which address a login attempt comes from, for django-axes' lockout (AXES_* settings).

Directly exposed, the client is REMOTE_ADDR. Behind the TLS proxy, REMOTE_ADDR is the proxy
itself: every user would share one address, and a lockout by username and address would
become a lockout by username alone. The proxy appends the address it saw to
X-Forwarded-For, so with AXES_TRUSTED_PROXY_COUNT proxies in front, the client is that many
entries from the right; entries further left are whatever the client chose to send.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def client_ip(request: HttpRequest) -> str | None:
    proxies = settings.AXES_TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                 if part.strip()]
    if proxies > 0 and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request: HttpRequest, original_response=None,
                     credentials: dict | None = None) -> HttpResponse:
    """The page shown instead of the login form while a username and address are locked out
    (AXES_LOCKOUT_CALLABLE): 429, and how long the pause lasts."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes},
                  status=429)
