"""Pages of the emulation app."""

from django.urls import path  # noqa: F401

app_name = "emulation"
urlpatterns: list = []
