from rest_framework.routers import DefaultRouter

from thidua.documents.api.views import DocumentViewSet

router = DefaultRouter()
router.register("documents", DocumentViewSet, basename="document")
urlpatterns = router.urls
