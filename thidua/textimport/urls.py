"""Pages of the textimport app."""

from django.urls import path

from thidua.textimport import views

app_name = "textimport"
urlpatterns = [
    path("", views.import_new, name="new"),
    path("<int:pk>/", views.import_session, name="session"),
    path("<int:pk>/done/", views.import_done, name="done"),
]
