"""API routes of the reporting app."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
