"""The home page: a dashboard section for each role the user holds."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.roles import user_roles
from recommendations.dashboards import DASHBOARDS


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    held = {role.code for role in user_roles(request.user)}
    sections = [{"role": role, "template": f"recommendations/dashboard/_{role.code}.html",
                 "data": build(request.user)}
                for role, build in DASHBOARDS if role.code in held]
    return render(request, "home.html", {"sections": sections})
