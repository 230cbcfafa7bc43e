"""URL map: one include per app, the API under /api/, its schema and docs served locally."""

from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from thidua.concerns.urls import legacy_urlpatterns as concerns_moved
from thidua.core.api.errors import not_found as api_not_found

urlpatterns = [
    # First: Django tries the includes in order and, for each one that does not match,
    # records every pattern it tried; the API (the busiest addresses: a deadline day's
    # submissions and approvals) is matched before the pages are tried.
    path("api/", include("thidua.api_urls")),
    path("", include("thidua.core.urls")),
    path("accounts/", include("thidua.accounts.urls")),
    path("units/", include("thidua.orgunits.urls")),
    path("documents/", include("thidua.documents.urls")),
    path("plans/concerns/", include(concerns_moved)),  # moved to /concerns/ (redirects)
    path("plans/", include("thidua.plans.urls")),
    path("concerns/", include("thidua.concerns.urls")),
    path("reporting/", include("thidua.reporting.urls")),
    path("emulation/", include("thidua.emulation.urls")),
    path("awards/", include("thidua.awards.urls")),
    path("reviews/", include("thidua.reviews.urls")),
    path("import/", include("thidua.textimport.urls")),
    path("signatures/", include("thidua.signing.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    # Last: any other address under /api/ is answered in the API's error shape (JSON 404);
    # one without its final slash is still redirected first (APPEND_SLASH).
    re_path(r"^api/(?:.*/)?$", api_not_found, name="api-not-found"),
]
