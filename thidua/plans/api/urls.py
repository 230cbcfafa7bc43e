"""API routes of the plans app, under /api/."""

from thidua.core.api.routers import Router
from thidua.plans.api import views

router = Router()
router.register("plans", views.PlanViewSet, basename="plans-plan")
router.register("tasks", views.TaskViewSet, basename="plans-task")
router.register("updates", views.ProgressUpdateViewSet, basename="plans-update")

urlpatterns = router.urls
