"""Pages of the emulation app."""

from django.urls import path

from thidua.emulation import views

app_name = "emulation"
urlpatterns = [
    path("", views.movement_list, name="list"),
    path("movements/new/", views.movement_new, name="movement-new"),
    path("movements/<id:pk>/", views.movement_detail, name="movement"),
    path("movements/<id:pk>/edit/", views.movement_edit, name="movement-edit"),
    path("movements/<id:pk>/structure/", views.movement_structure, name="structure"),
    path("movements/<id:pk>/contents/new/", views.content_edit, name="content-new"),
    path("movements/<id:pk>/contents/<id:cid>/", views.content_edit, name="content"),
    path("movements/<id:pk>/groups/new/", views.group_edit, name="group-new"),
    path("movements/<id:pk>/groups/<id:gid>/", views.group_edit, name="group"),
    path(
        "movements/<id:pk>/groups/<id:gid>/criteria/new/",
        views.criterion_edit,
        name="criterion-new",
    ),
    path(
        "movements/<id:pk>/groups/<id:gid>/criteria/<id:crid>/",
        views.criterion_edit,
        name="criterion",
    ),
    path("movements/<id:pk>/pledge/", views.pledge_create, name="pledge"),
    path("pledges/<id:pk>/", views.pledge_edit, name="pledge-edit"),
    path("movements/<id:pk>/evaluate/", views.evaluation_start, name="evaluation-start"),
    path("evaluations/<id:pk>/", views.evaluation_detail, name="evaluation"),
    path("evaluations/<id:pk>/finalise/", views.evaluation_finalise, name="evaluation-finalise"),
    path("evaluations/<id:pk>/reopen/", views.evaluation_reopen, name="evaluation-reopen"),
    path("contests/", views.contest_list, name="contests"),
    path("contests/new/", views.contest_new, name="contest-new"),
    path("contests/<id:pk>/", views.contest_detail, name="contest"),
    path("contests/<id:pk>/record/", views.contest_record, name="contest-record"),
    path("contests/<id:pk>/entries/<id:eid>/", views.entry_detail, name="entry"),
    path("contests/<id:pk>/figures/<id:tid>/", views.tally_edit, name="tally"),
]
