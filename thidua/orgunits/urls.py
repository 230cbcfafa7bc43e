from django.urls import path

from thidua.orgunits import views

app_name = "orgunits"
urlpatterns = [
    path("", views.unit_list, name="list"),
    path("pick/", views.unit_pick, name="pick"),
    path("<int:pk>/", views.unit_detail, name="detail"),
    path("<int:pk>/children/", views.unit_children, name="children"),
]
