"""Pages of the plans app."""

from django.urls import path
from django.views.generic import RedirectView

from thidua.accounts.permissions import member_required
from thidua.plans import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("new/", views.plan_create, name="create"),
    path("<id:pk>/", views.plan_detail, name="detail"),
    path("<id:pk>/edit/", views.plan_edit, name="edit"),
    path("<id:pk>/groups/new/", views.group_create, name="group_create"),
    path("<id:pk>/documents/", views.plan_document_link, name="document_link"),
    path(
        "<id:pk>/documents/<id:document_pk>/unlink/",
        views.plan_document_unlink,
        name="document_unlink",
    ),
    path("<id:pk>/tasks/new/", views.task_create, name="task_create"),
    path("<id:pk>/progress/", views.plan_progress, name="progress"),
    path("<id:pk>/export.xlsx", views.plan_export_xlsx, name="export_xlsx"),
    path("<id:pk>/report/", views.plan_report, name="report"),
    path("tasks/mine/", views.my_tasks, name="my_tasks"),
    path("tasks/<id:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<id:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<id:pk>/assign/", views.task_assign, name="task_assign"),
    path("tasks/<id:pk>/assign-bulk/", views.task_assign_bulk, name="task_assign_bulk"),
    path("tasks/<id:pk>/cancel/", views.task_cancel, name="task_cancel"),
    path("tasks/<id:pk>/progress/", views.progress_create, name="progress_create"),
    path("tasks/<id:pk>/units/<id:assignment_pk>/urge/", views.task_urge, name="task_urge"),
    path("updates/<id:pk>/edit/", views.update_edit, name="update_edit"),
    # Evidence files are attachments like any other, downloaded through the one guarded
    # download (core:attachment); the old address is kept for saved links, members only
    # like the pages (an outsider gets 403, not a map of the site).
    path(
        "evidence/<id:pk>/",
        member_required(RedirectView.as_view(pattern_name="core:attachment", permanent=True)),
        name="attachment",
    ),
]
