from django.urls import path

from thidua.orgunits import views

app_name = "orgunits"
urlpatterns = [
    path("", views.unit_list, name="list"),
    path("pick/", views.unit_pick, name="pick"),
    path("<id:pk>/", views.unit_detail, name="detail"),
    path("<id:pk>/children/", views.unit_children, name="children"),
]
