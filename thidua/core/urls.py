from django.urls import path

from thidua.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_mark_read, name="notifications-read"),
    path("notifications/<int:pk>/", views.notification_open, name="notification-open"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/progress/", views.job_progress, name="job-progress"),
    path("jobs/<int:pk>/file/", views.job_file, name="job-file"),
    path("jobs/<int:pk>/retry/", views.job_retry, name="job-retry"),
    path("files/<int:pk>/", views.attachment_download, name="attachment"),
]
