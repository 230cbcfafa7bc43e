"""Pages of the awards app."""

from django.urls import path

from thidua.awards import views

app_name = "awards"
urlpatterns = [
    path("", views.home, name="home"),
    path("types/", views.type_list, name="types"),
    path("types/<id:pk>/", views.type_detail, name="type"),
    path("people/", views.person_list, name="people"),
    path("people/<id:pk>/", views.person_detail, name="person"),
    path("people/<id:pk>/records/", views.person_records, name="person-records"),
    path("people/<id:pk>/records/<id:year>/", views.person_year_edit, name="person-year"),
    path("units/<id:pk>/", views.unit_awards, name="unit"),
    path("nominations/", views.nomination_list, name="nominations"),
    path("nominations/new/", views.nomination_new, name="nomination-new"),
    path("nominations/<id:pk>/", views.nomination_detail, name="nomination"),
    path("nominations/<id:pk>/<slug:action>/", views.nomination_action, name="nomination-action"),
    path("decisions/", views.decision_list, name="decisions"),
    path("decisions/new/", views.decision_new, name="decision-new"),
    path("decisions/<id:pk>/", views.decision_detail, name="decision"),
    path("decisions/<id:pk>/list.xlsx", views.decision_xlsx, name="decision-xlsx"),
    path("decisions/<id:pk>/decision.docx", views.decision_docx, name="decision-docx"),
    path("decisions/<id:pk>/pdf/", views.decision_pdf, name="decision-pdf"),
]
