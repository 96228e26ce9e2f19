"""Staff forms for events: the event with its participants, and its attendees with their role.

Organizers, States, organizations and attendees are typed into type-ahead fields whose names
the server resolves (contacts.forms), so the forms also work without JavaScript."""

from django import forms
from django.core import signing
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from contacts.forms import (
    SEPARATOR,
    NamesField,
    OrganizationQuickForm,
    contact_label,
    resolve,
    resolve_contacts,
    resolve_countries,
    resolve_organizations,
    split_names,
)
from contacts.models import Country, RegionalGroup
from events.models import Attendance, Event
from outreach.slugs import unique_slug
from outreach.text import RefuseControlCharactersMixin

TYPE_AHEAD_HELP = _("Type two letters to see suggestions; separate names with semicolons.")
BASE_SALT = "events.edit-base"


def organizations_field(label):
    return NamesField(
        kind="organizations",
        resolver=resolve_organizations,
        unknown=_(
            "No organization is called %(names)s: add it with “An organization is not in the "
            "list? Add it”."
        ),
        label=label,
        help_text=TYPE_AHEAD_HELP,
    )


class EventForm(RefuseControlCharactersMixin, forms.ModelForm):
    organizers = organizations_field(_("Organizers"))
    states = NamesField(
        kind="countries",
        resolver=resolve_countries,
        unknown=_("No State is called %(names)s."),
        label=_("Participating States"),
        help_text=TYPE_AHEAD_HELP,
    )
    organizations = organizations_field(_("Participating organizations"))
    # Not a field of the event: the States of the groups ticked join the participating States.
    regional_groups = forms.MultipleChoiceField(
        label=_("All the States of a regional group"),
        choices=RegionalGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Tick a group and press “List their States” to see them among the participating "
            "States and remove some; or save, and all of them are added."
        ),
    )
    # The version the edit began from, and what the fields held then (to show, should the
    # save be refused, what someone else changed meanwhile).
    version = forms.IntegerField(widget=forms.HiddenInput)
    base = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "format",
            "status",
            "start_date",
            "end_date",
            "city",
            "country",
            "organizers",
            "states",
            "states_count",
            "organizations",
            "description",
            "is_public",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["version"] = self.instance.version
        else:
            del self.fields["version"], self.fields["base"]

    def clean(self):
        cleaned = super().clean()
        self.check_venue(cleaned)
        self.add_group_states(cleaned)
        self.check_states_count(cleaned)
        return cleaned

    def add_group_states(self, cleaned):
        groups = cleaned.get("regional_groups")
        if groups and "states" not in self.errors:
            states = [*cleaned.get("states", []), *states_of_groups(groups)]
            cleaned["states"] = list(dict.fromkeys(states))

    def check_venue(self, cleaned):
        if cleaned.get("format") == Event.Format.VIRTUAL:
            for field in ("city", "country"):
                if cleaned.get(field):
                    self.add_error(field, _("A virtual event has no venue: leave this empty."))
        elif cleaned.get("format"):
            if not cleaned.get("city") and "city" not in self.errors:
                self.add_error("city", _("An in-person or hybrid event needs a city."))
            if not cleaned.get("country") and "country" not in self.errors:
                self.add_error("country", _("An in-person or hybrid event needs a venue country."))

    def check_states_count(self, cleaned):
        count, listed = cleaned.get("states_count"), len(cleaned.get("states") or [])
        if count and count < listed:
            message = ngettext(
                "%(listed)s State is listed: the number of States cannot be smaller.",
                "%(listed)s States are listed: the number of States cannot be smaller.",
                listed,
            )
            self.add_error("states_count", message % {"listed": listed})

    def save_with(self, attendees):
        """Save the event, its participants and its attendees together. An existing event is
        saved only if still at the version this edit began from; else EditConflict, and
        nothing is saved."""
        event = self.save(commit=False)
        with transaction.atomic():
            if event.pk:
                event.save_checked(self.cleaned_data["version"])
            else:
                event.slug = unique_slug(Event, event.title)
                event.save()
            self.save_m2m()
            attendees.save(event)
        return event


UNKNOWN_CONTACT = _("No contact is called %(names)s: add the person to the contacts first.")


class AttendeeForm(RefuseControlCharactersMixin, forms.Form):
    contact = forms.CharField(
        label=_("Attendee"),
        required=False,
        widget=forms.TextInput(attrs={"data-typeahead": "contacts", "autocomplete": "off"}),
    )
    role = forms.CharField(label=_("Role at the event"), max_length=100, required=False)


class BaseAttendeeFormSet(forms.BaseFormSet):
    """One row per attendee; an empty row is ignored. The names of all rows are resolved in
    one query; a row whose name means no contact (or several) gets the error."""

    def get_form_kwargs(self, index):
        # Every row is read, also one left as the form showed it: it is the list to save.
        return {"empty_permitted": False}

    def clean(self):
        rows = [form for form in self.forms if form.cleaned_data.get("contact")]
        found = resolve_contacts([form.cleaned_data["contact"] for form in rows]) if rows else {}
        seen = set()
        for form in rows:
            try:
                name = form.cleaned_data["contact"]
                (contact,) = resolve([name], found, UNKNOWN_CONTACT, "contacts")
            except forms.ValidationError as error:
                form.add_error("contact", error)
                continue
            if contact in seen:
                form.add_error("contact", _("This person is already listed above."))
            seen.add(contact)
            form.cleaned_data["attendee"] = contact

    def attendees(self):
        return [
            (form.cleaned_data["attendee"], form.cleaned_data["role"])
            for form in self.forms
            if form.cleaned_data.get("attendee")
        ]

    def save(self, event):
        event.attendances.all().delete()
        Attendance.objects.bulk_create(
            Attendance(event=event, contact=contact, role=role)
            for contact, role in self.attendees()
        )


AttendeeFormSet = forms.formset_factory(AttendeeForm, formset=BaseAttendeeFormSet, extra=3)


def attendee_formset(event=None, data=None):
    initial = [
        {"contact": contact_label(attendance.contact), "role": attendance.role}
        for attendance in (event.attendances.all() if event and event.pk else [])
    ]
    return AttendeeFormSet(data, initial=initial, prefix="attendees")


# -- a step of the form that is not the save ----------------------------------------------


class NewOrganizationForm(OrganizationQuickForm):
    """The event form's panel for an organization not in the list, and the field it goes in."""

    target = forms.ChoiceField(
        label=_("Add it to"),
        choices=[
            ("organizations", _("Participating organizations")),
            ("organizers", _("Organizers")),
        ],
        required=False,
    )


def redisplayed(data, event=None):
    """The event's form and its attendees showing `data` as typed, unchecked: after a step
    that is not the save (an organization added, a regional group's States listed), the
    expert goes on from what they typed, with no error for what they have yet to fill in."""
    bound = EventForm(data, instance=event)
    typed = {name: bound[name].data for name in bound.fields}
    form = EventForm(instance=event)
    # Over the instance's values, the version included: the edit still began from that one.
    form.initial |= typed
    rows = [(row["contact"].data, row["role"].data) for row in attendee_formset(event, data)]
    initial = [{"contact": name, "role": role} for name, role in rows if name or role]
    return form, AttendeeFormSet(initial=initial, prefix="attendees")


def states_of_groups(groups):
    """The States of these regional groups (RegionalGroup values), by name."""
    return Country.objects.filter(regional_group__in=groups).order_by("name")


def with_name(text, name):
    """The names typed in a type-ahead field, and `name` after them unless it is there."""
    names = split_names(text)
    if name.casefold() not in (typed.casefold() for typed in names):
        names.append(name)
    return f"{SEPARATOR} ".join(names)


# -- comparing two edits of one event ------------------------------------------------------


def shown_values(form, attendees):
    """What each field of the event's form holds, as text: the same whether the form is bound
    to what someone typed or shows the saved event."""
    values = {name: shown_value(form[name]) for name in EventForm.Meta.fields}
    values["attendees"] = "; ".join(filter(None, map(shown_attendee, attendees.forms)))
    return values


def shown_attendee(row):
    contact, role = shown_value(row["contact"]), shown_value(row["role"])
    return f"{contact} – {role}" if contact and role else contact


def shown_value(bound_field):
    field, value = bound_field.field, bound_field.value()
    if isinstance(field, NamesField):
        return "; ".join(split_names(value))
    if isinstance(field, forms.BooleanField):
        return str(_("yes") if value else _("no"))
    if isinstance(field, forms.ChoiceField):
        labels = {str(key): label for key, label in field.choices}
        return str(labels.get(str(value or ""), value or ""))
    return str(value or "").replace("\r\n", "\n").strip()


def sign_values(values):
    return signing.dumps(values, salt=BASE_SALT, compress=True)


def their_changes(form, attendees, current):
    """Each field someone else changed in `current` since this edit began, with their value
    and the one typed here, and `current` shown as a form would show it."""
    theirs = shown_values(EventForm(instance=current), attendee_formset(current))
    yours = shown_values(form, attendees)
    try:
        began = signing.loads(form.data.get("base", ""), salt=BASE_SALT)
    except signing.BadSignature:
        began = yours  # Without the starting point, show every field that differs.
    labels = {name: form[name].label for name in EventForm.Meta.fields}
    labels["attendees"] = _("Attendees")
    changes = [
        {"name": name, "label": labels[name], "theirs": theirs[name], "yours": yours[name]}
        for name in theirs
        if theirs[name] != began.get(name)
    ]
    return changes, theirs


# -- submitting the event's notes for review once it is saved -------------------------------


class OfferedChoicesField(forms.MultipleChoiceField):
    """Ticked choices among those offered; a value not offered (a forged one, or a note the
    user may no longer submit) is left out, not an error: it only means nothing to do."""

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def clean(self, value):
        offered = {str(key) for key, _label in self.choices}
        return [choice for choice in super().clean(value) if choice in offered]


class NoteSubmissionForm(forms.Form):
    """Beside the edit form of an event with notes: the notes this user may submit (duck-typed
    `note.can_edit(user)`), one box each, to submit for review once the event is saved.

    Whether a note can go to review is judged only after the save (the save may give it a
    revision with the new header), by the view; here the boxes are only offered."""

    notes_to_submit = OfferedChoicesField(
        label=_("Submit for review"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, data=None, *, notes, user):
        super().__init__(data)
        # Labelled now, before the event form's cleaning writes the typed title on the event.
        self.notes = list(notes)
        self.fields["notes_to_submit"].choices = [
            (note.pk, submission_label(note)) for note in self.notes if note.can_edit(user)
        ]

    @property
    def offers(self):
        return bool(self.fields["notes_to_submit"].choices)

    def chosen(self):
        """The primary keys of the notes ticked, among those offered."""
        if not self.is_bound or not self.is_valid():
            return []
        return [int(pk) for pk in self.cleaned_data["notes_to_submit"]]


def submission_label(note):
    return _("Submit the note “%(title)s” (%(language)s) for review after saving") % {
        "title": note.display_title,
        "language": note.get_language_display(),
    }
