"""API routes of the concerns app, under /api/."""

from thidua.concerns.api import views
from thidua.core.api.routers import Router

router = Router()
router.register("concerns", views.ConcernViewSet, basename="concerns-concern")

urlpatterns = router.urls
