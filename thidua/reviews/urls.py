"""Pages of the reviews app."""

from django.urls import path

from thidua.reviews import views

app_name = "reviews"
urlpatterns = [
    path("", views.review_list, name="list"),
    path("new/", views.review_create, name="create"),
    path("<int:pk>/", views.review_detail, name="detail"),
    path("<int:pk>/finalise/", views.review_finalise, name="finalise"),
    path("<int:pk>/revise/", views.review_revise, name="revise"),
    path("<int:pk>/export.xlsx", views.review_export_xlsx, name="xlsx"),
    path("<int:pk>/report.docx", views.review_export_docx, name="docx"),
    path("<int:pk>/report/pdf/", views.review_export_pdf, name="pdf"),
]
