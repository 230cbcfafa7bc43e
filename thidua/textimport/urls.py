"""Pages of the textimport app."""

from django.urls import path

from thidua.textimport import views

app_name = "textimport"
urlpatterns = [
    path("", views.import_new, name="new"),
    path("<id:pk>/", views.import_session, name="session"),
    path("<id:pk>/done/", views.import_done, name="done"),
]
