from django.urls import path

from thidua.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="list"),
    path("new/", views.document_create, name="create"),
    path("<int:pk>/", views.document_detail, name="detail"),
    path("<int:pk>/edit/", views.document_edit, name="edit"),
    path("<int:pk>/links/", views.relation_add, name="relation-add"),
    path("<int:pk>/links/<int:rel>/delete/", views.relation_delete, name="relation-delete"),
    path("<int:pk>/files/", views.attachment_add, name="attachment-add"),
]
