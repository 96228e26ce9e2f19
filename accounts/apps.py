from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.middleware import remember_language, start_idle_clock

        user_logged_in.connect(start_idle_clock, dispatch_uid="accounts.start_idle_clock")
        user_logged_in.connect(remember_language, dispatch_uid="accounts.remember_language")
