from django.urls import path

from notes import editor_views, inbox_views, report_views, staff_views

urlpatterns = [
    path("", staff_views.dashboard, name="staff-dashboard"),
    path("notes/", staff_views.note_list, name="notes-staff-list"),
    path("reports/", report_views.reports, name="notes-reports"),
    path("reports/report.xlsx", report_views.reports_xlsx, name="notes-reports-xlsx"),
    path("reports/<slug:table>.csv", report_views.reports_csv, name="notes-reports-csv"),
    path("inbox/", inbox_views.inbox, name="notes-inbox"),
    path("inbox/read/", inbox_views.inbox_read_all, name="notes-inbox-read-all"),
    path("inbox/<int:item_pk>/open/", inbox_views.inbox_open, name="notes-inbox-open"),
    path("notes/start/<int:event_pk>/", staff_views.note_start, name="notes-start"),
    path("notes/<int:pk>/", staff_views.note_detail, name="notes-staff-detail"),
    path("notes/<int:pk>/edit/", staff_views.note_edit, name="notes-edit"),
    path("notes/<int:pk>/editing/", editor_views.note_editing, name="notes-editing"),
    path("notes/<int:pk>/submit/", staff_views.note_submit, name="notes-submit"),
    path(
        "notes/<int:pk>/resolve/",
        staff_views.note_resolve_attention,
        name="notes-resolve-attention",
    ),
    path("notes/<int:pk>/review/", staff_views.note_review, name="notes-review"),
    path("notes/<int:pk>/take-over/", staff_views.note_take_over, name="notes-take-over"),
    path("notes/<int:pk>/comment/", staff_views.note_comment, name="notes-comment"),
    path(
        "notes/<int:pk>/request-changes/",
        staff_views.note_request_changes,
        name="notes-request-changes",
    ),
    path("notes/<int:pk>/publish/", staff_views.note_publish, name="notes-publish"),
    path("notes/<int:pk>/schedule/", staff_views.note_schedule, name="notes-schedule"),
    path("notes/<int:pk>/unschedule/", staff_views.note_unschedule, name="notes-unschedule"),
    path("notes/<int:pk>/history/", staff_views.note_history, name="notes-history"),
    path("notes/<int:pk>/compare/", staff_views.note_compare, name="notes-compare"),
    path("notes/<int:pk>/restore/<int:number>/", staff_views.note_restore, name="notes-restore"),
    path("notes/<int:pk>/withdraw/", staff_views.note_withdraw, name="notes-withdraw"),
]
