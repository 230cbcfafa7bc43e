"""Pages of the reporting app."""

from django.urls import path

from thidua.reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.home, name="home"),
    path("forms/<id:pk>/", views.form_detail, name="form"),
    path("periods/<id:pk>/fill/", views.fill, name="fill"),
    path("periods/<id:pk>/template.xlsx", views.template_download, name="template"),
    path("periods/<id:pk>/upload", views.upload, name="upload"),
    path("periods/<id:pk>/units.xlsx", views.units_template_download, name="units_template"),
    path("periods/<id:pk>/units-upload", views.units_upload, name="units_upload"),
    path("periods/<id:pk>/completeness/", views.completeness, name="completeness"),
    path("periods/<id:pk>/urge", views.urge, name="urge"),
    path("periods/<id:pk>/synthesis/", views.synthesis, name="synthesis"),
    path("periods/<id:pk>/synthesis.xlsx", views.synthesis_xlsx, name="synthesis_xlsx"),
    path("periods/<id:pk>/synthesis.docx", views.synthesis_docx, name="synthesis_docx"),
    path("periods/<id:pk>/synthesis/pdf/", views.synthesis_pdf, name="synthesis_pdf"),
    path("reports/<id:pk>/", views.submission_detail, name="submission"),
    path("reports/<id:pk>/<slug:action>", views.submission_action, name="submission_action"),
    path("series/", views.series, name="series"),
]
