"""API routes of the awards app."""

from django.urls import path

from thidua.awards.api import views
from thidua.core.api.routers import Router

router = Router()
router.register("awards/types", views.AwardTypeViewSet, basename="awards-type")
router.register("awards/people", views.PersonViewSet, basename="awards-person")
router.register("awards/registry", views.AwardViewSet, basename="awards-award")
router.register("awards/nominations", views.NominationViewSet, basename="awards-nomination")
router.register("awards/decisions", views.DecisionViewSet, basename="awards-decision")

urlpatterns = [
    path("awards/decide/", views.DecisionViewSet.as_view({"post": "create"}), name="awards-decide"),
    *router.urls,
]
