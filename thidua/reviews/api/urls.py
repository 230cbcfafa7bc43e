"""API routes of the reviews app."""

from rest_framework.routers import DefaultRouter

from thidua.reviews.api import views

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("reviews", views.ReviewViewSet, basename="reviews-review")

urlpatterns: list = [*router.urls]
