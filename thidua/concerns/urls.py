"""Pages of the concerns app, under /concerns/; the old /plans/concerns/ paths redirect here."""

from django.urls import path
from django.views.generic import RedirectView

from thidua.accounts.permissions import member_required
from thidua.concerns import views

app_name = "concerns"
urlpatterns = [
    path("", views.concern_list, name="list"),
    path("new/", views.concern_create, name="create"),
    path("<id:pk>/", views.concern_detail, name="detail"),
    path("<id:pk>/<slug:step>/", views.concern_step, name="step"),
]


def _moved(pattern_name: str):  # type: ignore[no-untyped-def]
    # Permanent: saved notifications and bookmarks hold the old addresses. Members only,
    # like the pages themselves (an outsider gets 403, not a map of the site).
    return member_required(
        RedirectView.as_view(pattern_name=pattern_name, permanent=True, query_string=True)
    )


# Included at /plans/concerns/ by thidua/urls.py: where these pages were until they
# moved out of the plans app.
legacy_urlpatterns = [
    path("", _moved("concerns:list"), name="concerns_moved_list"),
    path("new/", _moved("concerns:create"), name="concerns_moved_create"),
    path("<id:pk>/", _moved("concerns:detail"), name="concerns_moved_detail"),
    path("<id:pk>/<slug:step>/", _moved("concerns:step"), name="concerns_moved_step"),
]
