"""API routes of the textimport app."""

from django.urls import path

from thidua.textimport.api import views

urlpatterns: list = [
    path("import/extract/", views.ExtractView.as_view(), name="textimport-extract"),
    path(
        "import/sessions/<id:pk>/confirm/",
        views.ConfirmView.as_view(),
        name="textimport-confirm",
    ),
]
