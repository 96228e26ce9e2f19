"""Adding an organization that is not in the list while recording an event.

Experts may add organizations (the permission contacts.add_organization). The event form has a
panel for it: with JavaScript the panel posts here and gets the organization back as JSON, and
the page puts it in the field; without, the panel's buttons post the whole event form, and
events.staff_views shows it again with the organization in its field (organization_step). Either
way, an organization that may already be there is named first, for the expert to choose it or
to confirm the new one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contacts.models import Organization
from events.forms import NewOrganizationForm, with_name
from outreach.changes import records_changed

PREFIX = "new_organization"
TARGETS = ("organizations", "organizers")


def may_add_organizations(user):
    return user.has_perm("contacts.add_organization")


def organization_form(user, data=None):
    """The panel's form, or None for a user who may not add organizations."""
    if not may_add_organizations(user):
        return None
    return NewOrganizationForm(data, prefix=PREFIX, use_required_attribute=False)


def add_organization(user, data):
    """(form, organization): the organization added from `data`, or None when the form has
    errors or similar organizations are listed for the expert to choose from (form.similar)."""
    if not may_add_organizations(user):
        raise PermissionDenied
    form = organization_form(user, data)
    if not form.is_valid() or form.needs_confirmation():
        return form, None
    with transaction.atomic():
        organization = form.save()
        # The one path for organization changes: whatever follows them (the publication
        # generation of cached public pages) moves on with the new one, in the same transaction.
        records_changed(Organization, [organization.pk])
    return form, organization


def target_of(data):
    """The event form's field the organization goes in: participating organizations unless
    organizers were chosen."""
    target = data.get(f"{PREFIX}-target")
    return target if target in TARGETS else TARGETS[0]


@require_POST
@login_required
def organization_add(request):
    """{"organization": {"id", "label"}} (201) once added; {"similar": [...]} (409) when it may
    already be there and is not confirmed; {"errors": {field: [messages]}} (400)."""
    form, organization = add_organization(request.user, request.POST)
    if organization is not None:
        found = {"id": organization.pk, "label": str(organization)}
        message = _("“%(name)s” is added to the list.") % {"name": organization}
        return JsonResponse({"organization": found, "message": message}, status=201)
    if form.errors:
        errors = {name: [str(error) for error in found] for name, found in form.errors.items()}
        return JsonResponse({"errors": errors}, status=400)
    similar = [{"id": org.pk, "label": str(org)} for org in form.similar]
    return JsonResponse({"similar": similar, "message": similar_message(form)}, status=409)


def similar_message(form):
    name = form.cleaned_data["name"]
    return _(
        "Similar organizations are already in the list: choose one, or add “%(name)s” anyway."
    ) % {"name": name}


def organization_step(request, data):
    """The no-JavaScript panel's buttons: add the organization (or use one of the similar ones
    listed) and put it in the chosen field of `data`, the event form's. Returns the panel's
    form to show again: bound, with its errors or the similar organizations, if nothing was
    added."""
    if picked := data.get("use_organization"):
        organization = Organization.objects.filter(pk=picked).first() if picked.isdigit() else None
        if organization is None:
            messages.error(request, _("That organization is no longer in the list."))
            return organization_form(request.user, data)
    else:
        if data.get("add_organization") == "confirm":
            data[f"{PREFIX}-confirm"] = "on"
        form, organization = add_organization(request.user, data)
        if organization is None:
            report_not_added(request, form)
            return form
    target = target_of(data)
    data[target] = with_name(data.get(target, ""), str(organization))
    message = _("“%(name)s” is in the field “%(field)s”: save the event to keep it there.")
    field = _("Organizers") if target == "organizers" else _("Participating organizations")
    messages.success(request, message % {"name": organization, "field": field})
    return organization_form(request.user)


def report_not_added(request, form):
    if form.errors:
        messages.error(request, _("The organization is not added: correct the fields marked."))
    else:
        messages.warning(request, similar_message(form))
