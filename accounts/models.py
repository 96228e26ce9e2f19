from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _


class AccountSecurity(User):
    """The admin's view of sign-in security: locks and two-step devices, per account."""

    class Meta:
        proxy = True
        verbose_name = _("sign-in security")
        verbose_name_plural = _("sign-in security")
