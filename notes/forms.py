"""Forms of the staff pages for notes."""

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notes.merging import normalize_newlines
from notes.models import CONTENT_FIELDS, Note
from outreach.text import (
    SECTION_MAX_LENGTH,
    RefuseControlCharactersMixin,
    StripControlCharactersMixin,
)

SECTIONS = CONTENT_FIELDS[1:]


class SectionLengthValidator(MaxLengthValidator):
    """At most SECTION_MAX_LENGTH characters, a line break counting as one (as stored)."""

    message = _(
        "A section may hold at most %(limit_value)s characters (this one has %(show_value)s): "
        "shorten it."
    )

    def __init__(self, limit_value=SECTION_MAX_LENGTH, message=None):
        super().__init__(limit_value, message)

    def clean(self, x):
        return len(normalize_newlines(x))


class NoteForm(RefuseControlCharactersMixin, forms.ModelForm):
    """The working copy of a note, with the version the edit started from (optimistic locking)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    base_revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    message = forms.CharField(
        label=_("What changed (optional)"),
        max_length=300,
        required=False,
        help_text=_("Kept with the revision, shown in the history."),
    )

    class Meta:
        model = Note
        fields = list(CONTENT_FIELDS)
        widgets = {field: forms.Textarea(attrs={"rows": 8}) for field in SECTIONS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["expected_version"].initial = self.instance.version
        for field in SECTIONS:
            self.fields[field].validators.append(SectionLengthValidator())
        latest = self.instance.latest_revision
        self.fields["base_revision"].initial = latest.number if latest else None

    def clean(self):
        # Browsers send CRLF; stored text has LF, so a section nobody changed stays the same.
        cleaned = super().clean()
        for field in CONTENT_FIELDS:
            if isinstance(cleaned.get(field), str):
                cleaned[field] = normalize_newlines(cleaned[field])
        return cleaned


class NewNoteForm(NoteForm):
    """A first draft on an event: its language too, and the note gets its address from the event."""

    class Meta(NoteForm.Meta):
        fields = ["language", *CONTENT_FIELDS]

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.event = event

    def clean_language(self):
        language = self.cleaned_data["language"]
        if Note.objects.filter(event=self.instance.event, language=language).exists():
            raise forms.ValidationError(_("This event already has a note in this language."))
        return language


# The comments posted with the review's and the submit's buttons lose their control characters
# (their pages have no place for an error); the other note forms refuse them.
class ReviewForm(StripControlCharactersMixin, forms.Form):
    # The revision the reviewer read: publishing refuses if another one came in meanwhile.
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you request changes; sent to the authors."),
    )


class ScheduleForm(ReviewForm):
    """Approve and publish on a date and time to come, in the site's time zone."""

    publish_at = forms.DateTimeField(
        label=_("Publish on"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        help_text=_("The worker publishes the approved revision then; nobody sees it before."),
    )

    def clean_publish_at(self):
        at = self.cleaned_data["publish_at"]
        if at <= timezone.now():
            raise forms.ValidationError(_("Choose a time to come, or publish now."))
        return at


class SubmitForm(StripControlCharactersMixin, forms.Form):
    """Submitting asks a reviewer who did not write the note (the last one to review it, by
    default) and, if the authors need it by a date, for a review by then."""

    reviewer = forms.ModelChoiceField(
        label=_("Reviewer"),
        queryset=None,
        required=False,
        empty_label=_("Any reviewer (all are told)"),
        help_text=_("Only the reviewer you ask is told; any reviewer may take the review over."),
    )
    due = forms.DateField(
        label=_("Review wanted by (optional)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    comment = forms.CharField(
        label=_("Comment for the reviewers (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, note, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = note.eligible_reviewers()
        self.fields["reviewer"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )
        if not self.is_bound:
            self.fields["reviewer"].initial = note.last_reviewer()

    def clean_due(self):
        due = self.cleaned_data["due"]
        if due and due < timezone.localdate():
            raise forms.ValidationError(_("The due date is in the past: choose a day to come."))
        return due


class CommentForm(RefuseControlCharactersMixin, forms.Form):
    text = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The authors and the reviewers taking part see it in the conversation."),
    )


class WithdrawForm(RefuseControlCharactersMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawing"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kept in the log and sent to the authors."),
    )
