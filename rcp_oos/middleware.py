"""Response headers that neither Django nor django-csp set."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# The application uses no camera, microphone, location, payment or USB device: a script
# injected despite the CSP still cannot ask for them.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def permissions_policy(get_response: Callable[[HttpRequest], HttpResponse]):
    """Adds the Permissions-Policy header to every response that has none."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    return middleware
