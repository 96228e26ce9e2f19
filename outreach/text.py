"""Text hygiene shared by every app: what typed or imported text may hold.

C0 control characters (U+0000 to U+001F except tab, line feed and carriage return) show as
nothing on a page, and XML 1.0 cannot carry them at all: one of them in a title once took the
Atom feed down. Forms refuse them (``RefuseControlCharactersMixin`` on staff forms,
``RefuseControlCharactersAdminMixin`` on admin classes); imports, which have nobody to ask,
remove them (``strip_control_characters``); and what renders XML or iCalendar removes them
too, for text stored before this rule.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Tab, line feed and carriage return are ordinary text.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# What XML 1.0 cannot carry: the control characters above and two non-characters.
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

# The longest text one section of a note may hold. Real sections are a few thousand
# characters; the cap keeps the editor's preview and the review's diff quick.
SECTION_MAX_LENGTH = 100_000


def find_control_character(text):
    """The first control character in text, or None."""
    match = CONTROL_CHARACTERS.search(text) if isinstance(text, str) else None
    return match.group() if match else None


def strip_control_characters(text):
    """text without its control characters (tab, line feed and carriage return stay).

    For imports: a file's text is kept, less what no page could show."""
    return CONTROL_CHARACTERS.sub("", text) if isinstance(text, str) else text


def xml_safe(text):
    """text without the characters XML 1.0 cannot carry."""
    return NOT_IN_XML.sub("", text) if isinstance(text, str) else text


@deconstructible
class ControlCharacterValidator:
    """Refuses text with a control character, naming it (U+0007)."""

    message = _("Contains a control character (%(code)s) that cannot be shown: remove it.")
    code = "control_character"

    def __call__(self, value):
        character = find_control_character(value)
        if character is not None:
            code = f"U+{ord(character):04X}"
            raise ValidationError(self.message, code=self.code, params={"code": code})

    def __eq__(self, other):
        return isinstance(other, ControlCharacterValidator)

    def __hash__(self):
        return hash(ControlCharacterValidator)


refuse_control_characters = ControlCharacterValidator()


def is_text_field(field):
    return isinstance(field, forms.CharField)


class RefuseControlCharactersMixin:
    """A form whose text fields refuse control characters, each with the error on its field.

    Put it before the form class: ``class ContactForm(RefuseControlCharactersMixin,
    forms.ModelForm)``. Every CharField (and its kinds: e-mail, slug, URL...) gets the
    validator; a field that reads the database with its text before validators run (such as
    contacts.forms.NamesField) checks the text itself first."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if is_text_field(field) and refuse_control_characters not in field.validators:
                field.validators.append(refuse_control_characters)


class StripControlCharactersMixin:
    """A form whose text values lose their control characters instead of being refused.

    For a comment posted with a button, whose view has no page on which to show an error:
    the comment is kept, less what no page could show. (A NUL is still refused by Django.)"""

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = strip_control_characters(value)
        return cleaned


def refusing_control_characters(form_class):
    """form_class with RefuseControlCharactersMixin, for forms made elsewhere (the admin's)."""
    if issubclass(form_class, RefuseControlCharactersMixin):
        return form_class
    return type(form_class.__name__, (RefuseControlCharactersMixin, form_class), {})


class RefuseControlCharactersAdminMixin:
    """A ModelAdmin whose forms, its inlines' included, refuse control characters in every
    text field: ``class ContactAdmin(RefuseControlCharactersAdminMixin, BulkAdmin)``."""

    def get_form(self, request, obj=None, **kwargs):
        return refusing_control_characters(super().get_form(request, obj, **kwargs))

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            formset.form = refusing_control_characters(formset.form)
            yield formset, inline

    def get_changelist_form(self, request, **kwargs):
        return refusing_control_characters(super().get_changelist_form(request, **kwargs))
