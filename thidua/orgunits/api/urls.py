from rest_framework.routers import DefaultRouter

from thidua.orgunits.api.views import OrgUnitViewSet

router = DefaultRouter()
router.register("units", OrgUnitViewSet, basename="unit")
urlpatterns = router.urls
