from thidua.core.api.routers import Router
from thidua.documents.api.views import DocumentViewSet

router = Router()
router.register("documents", DocumentViewSet, basename="document")
urlpatterns = router.urls
