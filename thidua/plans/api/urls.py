"""API routes of the plans app, under /api/."""

from rest_framework.routers import DefaultRouter

from thidua.plans.api import views

router = DefaultRouter()
router.include_root_view = False
router.register("plans", views.PlanViewSet, basename="plans-plan")
router.register("tasks", views.TaskViewSet, basename="plans-task")
router.register("updates", views.ProgressUpdateViewSet, basename="plans-update")

urlpatterns = router.urls
