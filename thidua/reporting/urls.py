"""Pages of the reporting app."""

from django.urls import path

from thidua.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.home, name="home"),
    path("forms/<int:pk>/", views.form_detail, name="form"),
    path("periods/<int:pk>/fill/", views.fill, name="fill"),
    path("periods/<int:pk>/template.xlsx", views.template_download, name="template"),
    path("periods/<int:pk>/upload", views.upload, name="upload"),
    path("periods/<int:pk>/units.xlsx", views.units_template_download, name="units_template"),
    path("periods/<int:pk>/units-upload", views.units_upload, name="units_upload"),
    path("periods/<int:pk>/completeness/", views.completeness, name="completeness"),
    path("periods/<int:pk>/urge", views.urge, name="urge"),
    path("periods/<int:pk>/synthesis/", views.synthesis, name="synthesis"),
    path("periods/<int:pk>/synthesis.xlsx", views.synthesis_xlsx, name="synthesis_xlsx"),
    path("periods/<int:pk>/synthesis.docx", views.synthesis_docx, name="synthesis_docx"),
    path("periods/<int:pk>/synthesis/pdf/", views.synthesis_pdf, name="synthesis_pdf"),
    path("reports/<int:pk>/", views.submission_detail, name="submission"),
    path("reports/<int:pk>/<slug:action>", views.submission_action, name="submission_action"),
    path("series/", views.series, name="series"),
]
