"""API routes of the textimport app."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
