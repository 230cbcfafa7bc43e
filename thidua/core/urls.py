from django.urls import path

from thidua.core import offline, views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_mark_read, name="notifications-read"),
    path("notifications/<id:pk>/", views.notification_open, name="notification-open"),
    path("jobs/<id:pk>/", views.job_detail, name="job"),
    path("jobs/<id:pk>/progress/", views.job_progress, name="job-progress"),
    path("jobs/<id:pk>/file/", views.job_file, name="job-file"),
    path("jobs/<id:pk>/retry/", views.job_retry, name="job-retry"),
    path("files/<id:pk>/", views.attachment_download, name="attachment"),
    path("sw.js", offline.service_worker, name="service-worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("offline/", offline.offline_page, name="offline"),
    path("offline/pages.json", offline.offline_pages, name="offline-pages"),
]
