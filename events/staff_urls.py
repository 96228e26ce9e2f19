from django.urls import path

from events import material_views, organization_views, staff_views

urlpatterns = [
    path("", staff_views.event_list, name="events-staff-list"),
    path("new/", staff_views.event_create, name="events-create"),
    path("<int:pk>/", staff_views.event_detail, name="events-staff-detail"),
    path("<int:pk>/edit/", staff_views.event_edit, name="events-edit"),
    path("lookup/<str:kind>/", staff_views.event_lookup, name="events-lookup"),
    path(
        "organizations/new/",
        organization_views.organization_add,
        name="events-organization-add",
    ),
    path("<int:pk>/materials/", material_views.upload, name="events-materials-upload"),
    path("materials/<int:pk>/", material_views.staff_file, name="events-material-file"),
    path("materials/<int:pk>/public/", material_views.publicity, name="events-material-public"),
    path("materials/<int:pk>/delete/", material_views.delete, name="events-material-delete"),
]
