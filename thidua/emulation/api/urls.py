"""API routes of the emulation app."""

from thidua.core.api.routers import Router
from thidua.emulation.api import views

router = Router()
router.register("emulation/movements", views.MovementViewSet, basename="emulation-movement")
router.register("emulation/pledges", views.PledgeViewSet, basename="emulation-pledge")
router.register("emulation/evaluations", views.EvaluationViewSet, basename="emulation-evaluation")
router.register("emulation/contests", views.ContestViewSet, basename="emulation-contest")
router.register("emulation/entries", views.EntryViewSet, basename="emulation-entry")
router.register("emulation/tallies", views.TallyViewSet, basename="emulation-tally")

urlpatterns = router.urls
