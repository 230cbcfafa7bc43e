"""API routes of the emulation app."""

from rest_framework.routers import DefaultRouter

from thidua.emulation.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("emulation/movements", views.MovementViewSet, basename="emulation-movement")
router.register("emulation/pledges", views.PledgeViewSet, basename="emulation-pledge")
router.register("emulation/evaluations", views.EvaluationViewSet, basename="emulation-evaluation")
router.register("emulation/contests", views.ContestViewSet, basename="emulation-contest")
router.register("emulation/entries", views.EntryViewSet, basename="emulation-entry")
router.register("emulation/tallies", views.TallyViewSet, basename="emulation-tally")

urlpatterns = router.urls
