"""Pages of the emulation app."""

from django.urls import path

from thidua.emulation import views

app_name = "emulation"
urlpatterns = [
    path("", views.movement_list, name="list"),
    path("movements/<int:pk>/", views.movement_detail, name="movement"),
    path("movements/<int:pk>/pledge/", views.pledge_create, name="pledge"),
    path("movements/<int:pk>/evaluate/", views.evaluation_start, name="evaluation-start"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation"),
    path("evaluations/<int:pk>/finalise/", views.evaluation_finalise, name="evaluation-finalise"),
    path("contests/", views.contest_list, name="contests"),
    path("contests/<int:pk>/", views.contest_detail, name="contest"),
]
