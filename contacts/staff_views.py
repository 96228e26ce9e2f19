"""Staff pages for contacts: the directory, a contact's page and its forms.

Contacts hold personal data: every page here needs sign-in and the model permission."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from contacts.filters import ContactFilter
from contacts.forms import ContactForm
from contacts.models import Contact

CONTACTS_PER_PAGE = 50


def require_perm(user, action):
    if not user.has_perm(f"contacts.{action}_contact"):
        raise PermissionDenied


def get_contact_for_user(user, pk, action="view"):
    require_perm(user, action)
    contacts = Contact.objects.select_related("organization", "country")
    return get_object_or_404(contacts.prefetch_related("roles"), pk=pk)


@login_required
def contact_list(request):
    require_perm(request.user, "view")
    contacts = Contact.objects.select_related("organization", "country")
    filters = ContactFilter(request.GET, queryset=contacts.prefetch_related("roles"))
    page = Paginator(filters.qs, CONTACTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "contacts/list.html", {"filters": filters, "page": page})


@login_required
def contact_detail(request, pk):
    contact = get_contact_for_user(request.user, pk)
    attendances = contact.attendances.select_related("event__country").order_by(
        "-event__start_date"
    )
    return render(request, "contacts/detail.html", {"contact": contact, "attendances": attendances})


@login_required
def contact_create(request):
    require_perm(request.user, "add")
    form = ContactForm(request.POST or None)
    if form.is_valid():
        contact = form.save()
        messages.success(request, _("The contact is added."))
        return redirect("contacts-detail", contact.pk)
    return render_form(request, form)


@login_required
def contact_edit(request, pk):
    contact = get_contact_for_user(request.user, pk, "change")
    form = ContactForm(request.POST or None, instance=contact)
    if form.is_valid():
        form.save()
        messages.success(request, _("The contact is saved."))
        return redirect("contacts-detail", contact.pk)
    return render_form(request, form, contact)


def render_form(request, form, contact=None):
    if request.method == "POST":
        messages.error(request, _("Not saved: correct the fields marked below."))
    return render(request, "contacts/form.html", {"form": form, "contact": contact})
