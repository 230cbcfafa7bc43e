"""Pages of the emulation app."""

from django.urls import path

from thidua.emulation import views

app_name = "emulation"
urlpatterns = [
    path("", views.movement_list, name="list"),
    path("movements/new/", views.movement_new, name="movement-new"),
    path("movements/<int:pk>/", views.movement_detail, name="movement"),
    path("movements/<int:pk>/edit/", views.movement_edit, name="movement-edit"),
    path("movements/<int:pk>/structure/", views.movement_structure, name="structure"),
    path("movements/<int:pk>/contents/new/", views.content_edit, name="content-new"),
    path("movements/<int:pk>/contents/<int:cid>/", views.content_edit, name="content"),
    path("movements/<int:pk>/groups/new/", views.group_edit, name="group-new"),
    path("movements/<int:pk>/groups/<int:gid>/", views.group_edit, name="group"),
    path(
        "movements/<int:pk>/groups/<int:gid>/criteria/new/",
        views.criterion_edit,
        name="criterion-new",
    ),
    path(
        "movements/<int:pk>/groups/<int:gid>/criteria/<int:crid>/",
        views.criterion_edit,
        name="criterion",
    ),
    path("movements/<int:pk>/pledge/", views.pledge_create, name="pledge"),
    path("pledges/<int:pk>/", views.pledge_edit, name="pledge-edit"),
    path("movements/<int:pk>/evaluate/", views.evaluation_start, name="evaluation-start"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation"),
    path("evaluations/<int:pk>/finalise/", views.evaluation_finalise, name="evaluation-finalise"),
    path("evaluations/<int:pk>/reopen/", views.evaluation_reopen, name="evaluation-reopen"),
    path("contests/", views.contest_list, name="contests"),
    path("contests/new/", views.contest_new, name="contest-new"),
    path("contests/<int:pk>/", views.contest_detail, name="contest"),
    path("contests/<int:pk>/record/", views.contest_record, name="contest-record"),
    path("contests/<int:pk>/entries/<int:eid>/", views.entry_detail, name="entry"),
    path("contests/<int:pk>/figures/<int:tid>/", views.tally_edit, name="tally"),
]
