"""Staff forms for contacts, and the type-ahead fields that events' forms share.

A type-ahead field is a text box of names separated by semicolons. The server resolves the
names, so the form works the same without JavaScript; static/js/typeahead.js only suggests
the labels the resolvers accept. Each resolver takes a list of names and answers, in one
query whatever their number, {name: [the rows it may mean]}. What a name means, and the order
of the suggestions, both come from contacts.matching, so what is offered first is what the
form accepts."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, Model, Q, When
from django.utils.translation import gettext_lazy as _

from contacts.matching import (
    acronym_of,
    contact_names,
    country_names,
    meant,
    organization_names,
    ranked,
    similar_organizations,
    split_qualifier,
    without_honorific,
)
from contacts.models import Contact, Country, Organization, plain_name
from outreach.text import RefuseControlCharactersMixin, refuse_control_characters

SEPARATOR = ";"
SUGGESTIONS = 20
# The type-ahead suggests from two characters on.
LOOKUP_MIN_LENGTH = 2
# How many rows the database offers the ranking (contacts.matching) for one suggestion list:
# those that start with the text first, so a short text found in thousands of names still
# gets its best matches.
CANDIDATES = 500


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
# The database narrows the candidates; contacts.matching decides which of them a name means.


def resolve_countries(names):
    """Countries by UN name, usual variant ("Russia", "UK") or ISO code."""
    countries = list(Country.objects.all())
    return {name: meant(name, countries, country_names) for name in names}


def resolve_organizations(names):
    """Organizations by name, by acronym, or as "Name (ACRONYM)"; a full name wins."""
    wanted = Q()
    for name in names:
        wanted |= Q(name__iexact=name) | Q(acronym__iexact=name)
        bare, qualifier = split_qualifier(name)
        if qualifier:
            wanted |= Q(name__iexact=bare, acronym__iexact=qualifier)
    found = list(Organization.objects.filter(wanted))
    return {name: meant(name, found, organization_names) for name in names}


def resolve_contacts(names):
    """Contacts by name, as displayed with the honorific ("Ms. Amina Diallo"), or followed by
    their organization ("Amina Diallo (UNODA)") when namesakes need telling apart."""
    wanted = Q()
    for name in names:
        bare = split_qualifier(name)[0]
        wanted |= Q(name__iexact=name) | Q(name__iexact=bare)
        wanted |= Q(name__iexact=without_honorific(bare))
    found = list(Contact.objects.filter(wanted).select_related("organization"))
    return {name: meant_contacts(name, found) for name in names}


def meant_contacts(name, contacts):
    """The contacts `name` means as typed ("Mr. Jean Martin" tells him from Ms. Jean Martin),
    else without its honorific."""
    bare, qualifier = split_qualifier(name)
    plain = without_honorific(bare) + (f" ({qualifier})" if qualifier else "")
    return meant(name, contacts, contact_names) or meant(plain, contacts, contact_names)


def resolve(names, found, unknown, kind=None):
    """The rows `names` mean (`found` is a resolver's answer), in order and once each;
    ValidationError quotes every name that means no row (the `unknown` message) or several.
    For a name that means no row, the best suggestion of the type-ahead of `kind` is offered:
    without JavaScript, it is the only way to see it."""
    missing = [name for name in names if not found.get(name)]
    ambiguous = [name for name in names if len(found.get(name, [])) > 1]
    errors = []
    if missing:
        errors.append(ValidationError(unknown, params={"names": quoted(missing)}))
        errors += did_you_mean(missing, kind)
    if ambiguous:
        message = _("Several records are called %(names)s: choose one from the suggestions.")
        errors.append(ValidationError(message, params={"names": quoted(ambiguous)}))
    if errors:
        raise ValidationError(errors)
    return list(dict.fromkeys(found[name][0] for name in names))


def did_you_mean(names, kind):
    suggest = SUGGESTERS.get(kind)
    errors = []
    for name in names if suggest else []:
        best = suggest(name)[:1] if len(name) >= LOOKUP_MIN_LENGTH else []
        if best:
            message = _("“%(name)s”: did you mean “%(label)s”?")
            params = {"name": name, "label": label_of(best[0])}
            errors.append(ValidationError(message, params=params))
    return errors


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
        found = self.resolver(names) if names else {}
        rows = resolve(names, found, self.unknown, self.widget.attrs["data-typeahead"])
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


# -- adding an organization from an event's form -----------------------------------------------


class OrganizationQuickForm(RefuseControlCharactersMixin, forms.ModelForm):
    """A new organization, added by an expert while recording an event. Before it is added,
    `similar` lists those it may well be; the expert chooses one of them or confirms."""

    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Organization
        fields = ["name", "acronym", "kind"]
        help_texts = {"name": _("The full name, as the organization writes it.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].required = False

    def clean_kind(self):
        return self.cleaned_data["kind"] or Organization.Kind.OTHER

    def clean(self):
        cleaned = super().clean()
        # "Name (ACRONYM)", as the type-ahead shows organizations, gives both at once.
        split = acronym_of(cleaned.get("name") or "")
        if split and not cleaned.get("acronym"):
            cleaned["name"], cleaned["acronym"] = split
        self.similar = []
        if cleaned.get("name"):
            every = Organization.objects.only("name", "acronym")
            self.similar = similar_organizations(cleaned["name"], cleaned.get("acronym"), every)
            self.refuse_same_name(cleaned["name"])
        return cleaned

    def refuse_same_name(self, name):
        """The same name but for case, accents or punctuation is not a new organization."""
        key = plain_name(name)
        same = next((org for org in self.similar if plain_name(org.name) == key), None)
        if same:
            message = _("“%(name)s” is already in the list: choose it instead.")
            self.add_error("name", message % {"name": same})

    def needs_confirmation(self):
        """Whether similar organizations exist that the expert has not yet seen and set aside."""
        return not self.cleaned_data.get("confirm") and bool(self.similar)


# -- what the type-ahead suggests ------------------------------------------------------------


def suggest_countries(text):
    """Every State is ranked: there are fewer than two hundred."""
    return ranked(text, Country.objects.all(), country_names)[:SUGGESTIONS]


def starting_first(text, *fields):
    """Rows whose field starts with the text first, then those with a word that does."""
    starts, words = Q(), Q()
    for field in fields:
        starts |= Q(**{f"{field}__istartswith": text})
        words |= Q(**{f"{field}__icontains": f" {text}"})
    return Case(When(starts, then=0), When(words, then=1), default=2)


def suggest_organizations(text):
    matching = Q(name__icontains=text) | Q(acronym__icontains=text)
    order = starting_first(text, "name", "acronym")
    candidates = Organization.objects.filter(matching).order_by(order, "name")[:CANDIDATES]
    return ranked(text, candidates, organization_names)[:SUGGESTIONS]


def suggest_contacts(text):
    """Contacts by name, typed with or without an honorific and a part of "(Organization)";
    active people first among those that match as well."""
    name = without_honorific(text.split(" (")[0]) or text
    contacts = Contact.objects.filter(name__icontains=name).select_related("organization")
    candidates = contacts.order_by(starting_first(name, "name"), "name")[:CANDIDATES]
    found = ranked(text, candidates, contact_names, also=(name,), then=is_inactive)
    return found[:SUGGESTIONS]


def is_inactive(contact):
    return not contact.is_active


# What each kind of type-ahead field suggests (the staff lookup endpoint's kinds).
SUGGESTERS = {
    "countries": suggest_countries,
    "organizations": suggest_organizations,
    "contacts": suggest_contacts,
}
