"""API routes of the reviews app."""

from thidua.core.api.routers import Router
from thidua.reviews.api import views

router = Router()
router.register("reviews", views.ReviewViewSet, basename="reviews-review")

urlpatterns: list = [*router.urls]
