"""Case pages: a clinician's question to the panel, its documents, its proposal (mounted under
cases/)."""

urlpatterns = []
