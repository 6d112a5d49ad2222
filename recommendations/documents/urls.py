"""Document urls, in their own namespace: rcp_oos/urls.py mounts them with
`path("documents/", include("recommendations.documents.urls"))`."""

from django.urls import path

from recommendations.documents import views

app_name = "documents"
urlpatterns = [
    path("new/<str:kind>/<int:pk>/", views.document_request, name="request"),
    path("<int:pk>/retry/", views.document_retry, name="retry"),
    path("<int:pk>/download/", views.document_download, name="download"),
]
