from thidua.core.api.routers import Router
from thidua.orgunits.api.views import OrgUnitViewSet

router = Router()
router.register("units", OrgUnitViewSet, basename="unit")
urlpatterns = router.urls
