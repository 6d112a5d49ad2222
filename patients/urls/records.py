"""URLs: records pages."""

urlpatterns: list = []
