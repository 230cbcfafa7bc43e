"""Pages of the awards app."""

from django.urls import path

from thidua.awards import views

app_name = "awards"
urlpatterns = [
    path("", views.home, name="home"),
    path("types/", views.type_list, name="types"),
    path("types/<int:pk>/", views.type_detail, name="type"),
    path("people/", views.person_list, name="people"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/records/", views.person_records, name="person-records"),
    path("people/<int:pk>/records/<int:year>/", views.person_year_edit, name="person-year"),
    path("units/<int:pk>/", views.unit_awards, name="unit"),
    path("nominations/", views.nomination_list, name="nominations"),
    path("nominations/new/", views.nomination_new, name="nomination-new"),
    path("nominations/<int:pk>/", views.nomination_detail, name="nomination"),
    path("nominations/<int:pk>/<slug:action>/", views.nomination_action, name="nomination-action"),
    path("decisions/", views.decision_list, name="decisions"),
    path("decisions/new/", views.decision_new, name="decision-new"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("decisions/<int:pk>/list.xlsx", views.decision_xlsx, name="decision-xlsx"),
    path("decisions/<int:pk>/decision.docx", views.decision_docx, name="decision-docx"),
    path("decisions/<int:pk>/pdf/", views.decision_pdf, name="decision-pdf"),
]
