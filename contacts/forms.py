"""Staff forms for contacts, and the type-ahead fields that events' forms share.

A type-ahead field is a text box of names separated by semicolons. The server resolves the
names, so the form works the same without JavaScript; static/js/typeahead.js only suggests
the labels the resolvers accept. Each resolver takes a list of names and answers, in one
query whatever their number, {name: [the rows it may mean]}."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, Model, Q, When
from django.utils.translation import gettext_lazy as _

from contacts.models import Contact, Country, Organization, plain_name
from outreach.text import RefuseControlCharactersMixin, refuse_control_characters

SEPARATOR = ";"
SUGGESTIONS = 20
# "Name (ACRONYM)" for organizations, "Name (Organization)" for contacts.
QUALIFIED = re.compile(r"^(?P<name>.+?) \((?P<qualifier>[^()]+)\)$")


def split_names(text):
    return [name.strip() for name in (text or "").split(SEPARATOR) if name.strip()]


def quoted(names):
    return ", ".join(f"“{name}”" for name in names)


def contact_label(contact):
    """A contact as the type-ahead offers it: the organization tells namesakes apart."""
    organization = contact.organization
    if organization is None:
        return contact.name
    return f"{contact.name} ({organization.acronym or organization.name})"


def label_of(row):
    return contact_label(row) if isinstance(row, Contact) else str(row)


# -- resolvers: typed names to rows --------------------------------------------------------


def resolve_countries(names):
    """Countries by UN name, usual variant ("Russia", "UK") or ISO code."""
    by_name = Country.objects.by_name()
    keys = {name: plain_name(name) for name in names}
    return {name: [by_name[key]] for name, key in keys.items() if key in by_name}


def resolve_organizations(names):
    """Organizations by name, by acronym, or as "Name (ACRONYM)"; a full name wins."""
    wanted = Q()
    for name in names:
        wanted |= Q(name__iexact=name) | Q(acronym__iexact=name)
        if match := QUALIFIED.match(name):
            wanted |= Q(name__iexact=match["name"], acronym__iexact=match["qualifier"])
    found = list(Organization.objects.filter(wanted))
    return {name: matching_organizations(name, found) for name in names}


def matching_organizations(name, organizations):
    key = name.casefold()
    named = [org for org in organizations if key in (org.name.casefold(), str(org).casefold())]
    return named or [org for org in organizations if org.acronym.casefold() == key]


def resolve_contacts(names):
    """Contacts by name, or as "Name (Organization)" when namesakes need telling apart."""
    wanted = Q()
    for name in names:
        wanted |= Q(name__iexact=name)
        if match := QUALIFIED.match(name):
            wanted |= Q(name__iexact=match["name"])
    found = list(Contact.objects.filter(wanted).select_related("organization"))
    return {name: matching_contacts(name, found) for name in names}


def matching_contacts(name, contacts):
    key = name.casefold()
    labelled = [contact for contact in contacts if contact_label(contact).casefold() == key]
    return labelled or [contact for contact in contacts if contact.name.casefold() == key]


def resolve(names, found, unknown):
    """The rows `names` mean (`found` is a resolver's answer), in order and once each;
    ValidationError quotes every name that means no row (the `unknown` message) or several."""
    missing = [name for name in names if not found.get(name)]
    ambiguous = [name for name in names if len(found.get(name, [])) > 1]
    errors = []
    if missing:
        errors.append(ValidationError(unknown, params={"names": quoted(missing)}))
    if ambiguous:
        message = _("Several records are called %(names)s: choose one from the suggestions.")
        errors.append(ValidationError(message, params={"names": quoted(ambiguous)}))
    if errors:
        raise ValidationError(errors)
    return list(dict.fromkeys(found[name][0] for name in names))


class NamesField(forms.CharField):
    """A type-ahead field: one name, or several separated by semicolons, resolved on the server.

    `kind` is what the type-ahead endpoint suggests (countries, organizations, contacts)."""

    def __init__(self, *, kind, resolver, unknown, multiple=True, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.resolver, self.unknown, self.multiple = resolver, unknown, multiple
        self.widget.attrs |= {"data-typeahead": kind, "autocomplete": "off"}
        if multiple:
            self.widget.attrs["data-multiple"] = "true"

    def prepare_value(self, value):
        """Rows (the form's initial data) are shown by their labels; typed text as it was."""
        if isinstance(value, Model):
            return label_of(value)
        if isinstance(value, list | tuple):
            return f"{SEPARATOR} ".join(label_of(row) for row in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        # Before the names are looked up: PostgreSQL refuses a NUL in a query.
        refuse_control_characters(text)
        names = split_names(text) if self.multiple else [text.strip()] if text.strip() else []
        rows = resolve(names, self.resolver(names) if names else {}, self.unknown)
        return rows if self.multiple else next(iter(rows), None)


class ContactForm(RefuseControlCharactersMixin, forms.ModelForm):
    organization = NamesField(
        kind="organizations",
        resolver=resolve_organizations,
        unknown=_("No organization is called %(names)s: an administrator can add it."),
        multiple=False,
        label=_("Organization"),
        help_text=_("Type two letters to see suggestions."),
    )

    class Meta:
        model = Contact
        fields = [
            "honorific",
            "name",
            "position",
            "organization",
            "country",
            "email",
            "phone",
            "roles",
            "remarks",
            "is_active",
        ]
        widgets = {"roles": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model form's initial value is the organization's id; the field shows its name.
        if self.instance.organization_id:
            self.initial["organization"] = self.instance.organization


# -- what the type-ahead suggests ------------------------------------------------------------


def suggest_countries(text):
    # The State whose ISO code was typed comes first ("GHA": Ghana before Afghanistan).
    by_code = Case(When(iso3__iexact=text, then=0), default=1)
    countries = Country.objects.filter(Q(name__icontains=text) | Q(iso3__iexact=text))
    return countries.order_by(by_code, "name")[:SUGGESTIONS]


def suggest_organizations(text):
    matching = Q(name__icontains=text) | Q(acronym__icontains=text)
    return Organization.objects.filter(matching)[:SUGGESTIONS]


def suggest_contacts(text):
    contacts = Contact.objects.filter(name__icontains=text).select_related("organization")
    return contacts.order_by("-is_active", "name")[:SUGGESTIONS]
