"""Meeting pages."""

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from recommendations.models import Meeting


@require_GET
@permission_required("recommendations.view_meeting", raise_exception=True)
def meeting_list(request: HttpRequest) -> HttpResponse:
    upcoming = Meeting.objects.filter(date__gte=timezone.localdate()).select_related("chair")
    return render(request, "recommendations/meeting_list.html", {"meetings": upcoming})
