"""URLs: lesions pages."""

urlpatterns: list = []
