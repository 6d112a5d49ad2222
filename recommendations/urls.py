from django.urls import path

from recommendations import views

app_name = "recommendations"
urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
]
