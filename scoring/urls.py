"""The scoring API, included by the project at "api/v1/"."""

from django.urls import path

from scoring import api

app_name = "scoring_api"

urlpatterns = [
    path("evaluate", api.evaluate, name="evaluate"),
]
