from django.urls import path

from contacts import staff_views

urlpatterns = [
    path("", staff_views.contact_list, name="contacts-list"),
    path("new/", staff_views.contact_create, name="contacts-create"),
    path("<int:pk>/", staff_views.contact_detail, name="contacts-detail"),
    path("<int:pk>/edit/", staff_views.contact_edit, name="contacts-edit"),
]
