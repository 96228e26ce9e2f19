from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from accounts.models import Profile
from accounts.throttle import LockoutMessageMixin
from outreach.languages import OWN_NAME_CHOICES


class SignInForm(LockoutMessageMixin, AuthenticationForm):
    pass


class AdminSignInForm(LockoutMessageMixin, AdminAuthenticationForm):
    pass


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=8,
        help_text=_("The six-digit code your authenticator app shows now."),
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        if not code.isdigit():
            raise forms.ValidationError(_("The code is made of digits only."))
        return code


class LanguageForm(forms.ModelForm):
    """The language of the staff pages, each offered by its own name (the model's choices
    name them in the language of the page)."""

    language = forms.ChoiceField(
        label=_("Language"), choices=OWN_NAME_CHOICES, widget=forms.RadioSelect
    )

    class Meta:
        model = Profile
        fields = ["language"]
