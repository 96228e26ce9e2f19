from django.urls import path

from notes import staff_views

urlpatterns = [
    path("", staff_views.dashboard, name="staff-dashboard"),
]
