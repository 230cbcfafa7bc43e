from django.urls import path

from thidua.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/", views.document_create, name="create"),
    path("<id:pk>/", views.document_detail, name="detail"),
    path("<id:pk>/edit/", views.document_edit, name="edit"),
    path("<id:pk>/links/", views.relation_add, name="relation-add"),
    path("<id:pk>/links/<id:rel>/delete/", views.relation_delete, name="relation-delete"),
    path("<id:pk>/files/", views.attachment_add, name="attachment-add"),
]
