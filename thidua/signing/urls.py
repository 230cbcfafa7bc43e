from django.urls import path

from thidua.signing import views

app_name = "signing"
urlpatterns = [
    path("verify/", views.verify, name="verify"),
    path("documents/<id:pk>/sign/", views.sign, name="sign"),
    path("documents/<id:pk>/upload/", views.upload, name="upload"),
    path("documents/<id:pk>/signed.pdf", views.signed_pdf, name="signed-pdf"),
]
