"""URLs: patient pages."""

urlpatterns: list = []
