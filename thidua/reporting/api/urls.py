"""API routes of the reporting app."""

from django.urls import path

from thidua.core.api.routers import Router
from thidua.reporting.api.views import (
    CompletenessView,
    ReportFormViewSet,
    SubmissionViewSet,
    SynthesisView,
)

router = Router()
router.register("reporting/forms", ReportFormViewSet, basename="reporting-form")
router.register("reporting/submissions", SubmissionViewSet, basename="reporting-submission")
urlpatterns = [
    path("reporting/completeness/", CompletenessView.as_view(), name="reporting-completeness"),
    path("reporting/synthesis/", SynthesisView.as_view(), name="reporting-synthesis"),
    *router.urls,
]
