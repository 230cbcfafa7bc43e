"""Pages of the textimport app."""

from django.urls import path  # noqa: F401

app_name = "textimport"
urlpatterns: list = []
