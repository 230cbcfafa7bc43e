"""API routes of the concerns app, under /api/."""

from rest_framework.routers import DefaultRouter

from thidua.concerns.api import views

router = DefaultRouter()
router.include_root_view = False
router.register("concerns", views.ConcernViewSet, basename="concerns-concern")

urlpatterns = router.urls
