"""Follow-up pages, under /follow-up/ (namespace "recommendations")."""

from django.urls import path

from recommendations.views import follow_up

urlpatterns = [
    path("", follow_up.follow_up_list, name="follow_up_list"),
    path("<int:pk>/done/", follow_up.follow_up_done, name="follow_up_done"),
    path("<int:pk>/not-applicable/", follow_up.follow_up_not_applicable,
         name="follow_up_not_applicable"),
    path("<int:pk>/reopen/", follow_up.follow_up_reopen, name="follow_up_reopen"),
]
