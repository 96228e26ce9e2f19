"""{% material_upload_form as form %}: the form of templates/events/_materials_staff.html, which
the event's staff page includes without its view knowing of materials."""

from django import template

from events.material_views import MaterialUploadForm

register = template.Library()


@register.simple_tag
def material_upload_form():
    return MaterialUploadForm()
