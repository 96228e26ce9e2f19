from django.urls import path

from notes import public_views

urlpatterns = [
    path("", public_views.home, name="home"),
    path("notes/<int:year>/<slug:slug>/", public_views.note_detail, name="notes-detail"),
]
