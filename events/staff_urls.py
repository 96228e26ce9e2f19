from django.urls import path

from events import staff_views

urlpatterns = [
    path("", staff_views.event_list, name="events-staff-list"),
    path("new/", staff_views.event_create, name="events-create"),
    path("<int:pk>/", staff_views.event_detail, name="events-staff-detail"),
    path("<int:pk>/edit/", staff_views.event_edit, name="events-edit"),
    path("lookup/<str:kind>/", staff_views.event_lookup, name="events-lookup"),
]
