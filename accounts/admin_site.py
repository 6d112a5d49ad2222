"""The Django admin, open only to a user who passed the second factor.

django-otp's OTPAdminSite makes the check (`has_permission` also asks `is_verified()`); its
login page is replaced by the application's own, so there is one way in, with the lockout
and the code step (accounts/views/second_factor.py).
"""

from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp.admin import OTPAdminSite


class SecondFactorAdminSite(OTPAdminSite):
    def __init__(self, name: str = "admin"):
        # Keep the "admin" namespace every reverse("admin:...") in the project uses.
        super().__init__(name)

    @method_decorator(never_cache)
    @login_not_required
    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        wanted = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(wanted, {request.get_host()},
                                               request.is_secure()):
            wanted = reverse(f"{self.name}:index")
        if self.has_permission(request):
            return HttpResponseRedirect(wanted)
        return redirect_to_login(wanted)
