from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountSecurity(User):
    """The admin's view of sign-in security: locks and two-step devices, per account."""

    class Meta:
        proxy = True
        verbose_name = _("sign-in security")
        verbose_name_plural = _("sign-in security")


class Profile(models.Model):
    """What a user chose for themselves: the language of their staff and admin pages. A user
    without a profile has the site's default language (English)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of your staff pages and of the admin."),
    )

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)

    @classmethod
    def languages_of(cls, users):
        """{language: [users]}: these users by the language they chose, in one query (e-mail
        is written once per language)."""
        chosen = dict(cls.objects.filter(user__in=users).values_list("user_id", "language"))
        groups = {}
        for user in users:
            groups.setdefault(chosen.get(user.pk) or settings.LANGUAGE_CODE, []).append(user)
        return groups

    @classmethod
    def language_of(cls, user):
        """The user's chosen language, or the site's default when they never chose one."""
        chosen = cls.objects.filter(user=user).values_list("language", flat=True).first()
        return chosen or settings.LANGUAGE_CODE
