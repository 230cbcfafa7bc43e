"""The REST API: each app's api/urls.py contributes its routes under /api/."""

from django.urls import include, path

urlpatterns = [
    path("", include(f"thidua.{app}.api.urls"))
    for app in [
        "accounts",
        "orgunits",
        "documents",
        "plans",
        "concerns",
        "reporting",
        "emulation",
        "awards",
        "reviews",
        "textimport",
    ]
]
