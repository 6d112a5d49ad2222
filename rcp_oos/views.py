"""Project-wide pages: the health check. (The home page is the dashboard of
recommendations.views.dashboard, the app that knows every role's work.)"""

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET


@require_GET
@login_not_required
def health(request: HttpRequest) -> JsonResponse:
    """Liveness for the container health check: the process answers and the database too."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
