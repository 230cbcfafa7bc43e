"""Pages of the reviews app."""

from django.urls import path

from thidua.reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.review_list, name="list"),
    path("new/", views.review_create, name="create"),
    path("<id:pk>/", views.review_detail, name="detail"),
    path("<id:pk>/finalise/", views.review_finalise, name="finalise"),
    path("<id:pk>/revise/", views.review_revise, name="revise"),
    path("<id:pk>/export.xlsx", views.review_export_xlsx, name="xlsx"),
    path("<id:pk>/report.docx", views.review_export_docx, name="docx"),
    path("<id:pk>/report/pdf/", views.review_export_pdf, name="pdf"),
]
