"""Signing in: throttled on every form, a two-step code for accounts that set one up (and for
reviewers and administrators with REQUIRE_2FA), password change and reset, idle sessions."""

import datetime
import re
import time

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP, totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.middleware import REFRESH_SECONDS, SEEN_KEY
from accounts.throttle import client_address
from accounts.two_factor import PENDING_KEY

pytestmark = pytest.mark.django_db

SITE_FORM = "/accounts/login/"
ADMIN_FORM = "/admin/login/"
LOCKED = "Too many failed sign-ins for this account or from this address"
ELSEWHERE = "203.0.113.9"


def sign_in(client, username, password="secret", form=SITE_FORM, **extra):
    return client.post(form, {"username": username, "password": password}, **extra)


def fail(client, username, times, form=SITE_FORM, **extra):
    for _ in range(times):
        response = sign_in(client, username, "wrong", form, **extra)
    return response


def signed_in_as(client):
    return client.session.get(SESSION_KEY)


# -- throttling -----------------------------------------------------------------------------


def test_forty_wrong_passwords_then_the_right_one_does_not_sign_in(client, expert):
    fail(client, "expert", 40)
    response = sign_in(client, "expert")
    assert response.status_code == 429
    assert signed_in_as(client) is None
    assert client.get("/staff/").status_code == 302


@pytest.mark.parametrize("failing_form", [SITE_FORM, ADMIN_FORM])
def test_ten_failures_on_either_form_lock_both_forms_even_with_the_right_password(
    client, admin_user, settings, failing_form
):
    fail(client, "admin", settings.AXES_FAILURE_LIMIT, failing_form)
    for form in (SITE_FORM, ADMIN_FORM):
        response = sign_in(client, "admin", "secret", form)
        assert response.status_code == 429, form
        assert LOCKED in response.content.decode(), form
        assert signed_in_as(client) is None, form


def test_the_failure_that_reaches_the_limit_already_says_why(client, expert, settings):
    response = fail(client, "expert", settings.AXES_FAILURE_LIMIT - 1)
    assert response.status_code == 200
    assert LOCKED not in response.content.decode()
    response = fail(client, "expert", 1)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


def test_the_lock_message_is_in_the_sites_layout_on_the_site_and_the_admins_on_the_admin(
    client, admin_user, settings
):
    fail(client, "admin", settings.AXES_FAILURE_LIMIT)
    site = sign_in(client, "admin").content.decode()
    assert 'class="site-header"' in site and 'role="alert"' in site and LOCKED in site
    admin_page = sign_in(client, "admin", form=ADMIN_FORM).content.decode()
    assert 'id="login-form"' in admin_page and LOCKED in admin_page


def test_another_account_from_the_same_address_still_signs_in(client, expert, reviewer, settings):
    fail(client, "expert", settings.AXES_FAILURE_LIMIT)
    response = sign_in(client, "reviewer")
    assert response.status_code == 302
    assert signed_in_as(client) == str(reviewer.pk)


def test_the_locked_account_is_refused_from_another_address_too(client, expert, settings):
    fail(client, "expert", settings.AXES_FAILURE_LIMIT)
    response = sign_in(client, "expert", REMOTE_ADDR=ELSEWHERE)
    assert response.status_code == 429
    assert signed_in_as(client) is None


def test_fifty_failures_from_one_address_lock_that_address_for_every_account(
    client, expert, reviewer, settings
):
    per_account = settings.AXES_FAILURE_LIMIT - 1  # no account reaches its own limit
    names = [f"guess{n}" for n in range(settings.SIGN_IN_ADDRESS_LIMIT // per_account + 1)]
    for name in names:
        fail(client, name, per_account)
    assert AccessAttempt.objects.filter(failures_since_start__gte=10).count() == 0
    assert sign_in(client, "reviewer").status_code == 429
    assert signed_in_as(client) is None
    assert sign_in(client, "reviewer", REMOTE_ADDR=ELSEWHERE).status_code == 302


def test_a_successful_sign_in_clears_the_failures(client, expert, settings):
    almost = settings.AXES_FAILURE_LIMIT - 1
    fail(client, "expert", almost)
    assert sign_in(client, "expert").status_code == 302
    client.post(reverse("logout"))
    fail(client, "expert", almost)
    assert sign_in(client, "expert").status_code == 302
    assert signed_in_as(client) == str(expert.pk)


def test_a_lock_ends_half_an_hour_after_the_last_failure(client, expert, settings):
    fail(client, "expert", settings.AXES_FAILURE_LIMIT)
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    )
    assert sign_in(client, "expert").status_code == 302


def test_an_administrator_unlocks_an_account_in_the_admin(client, expert, admin_user, settings):
    fail(client, "expert", settings.AXES_FAILURE_LIMIT)
    client.force_login(admin_user)
    listing = client.get(reverse("admin:accounts_accountsecurity_changelist"), {"q": "expert"})
    assert listing.status_code == 200
    assert 'alt="True"' in listing.content.decode()  # locked
    response = client.post(
        reverse("admin:accounts_accountsecurity_changelist"),
        {"action": "unlock", "_selected_action": [expert.pk]},
        follow=True,
    )
    assert "1 account can sign in again." in response.content.decode()
    client.post(reverse("logout"))
    assert sign_in(client, "expert").status_code == 302


def test_experts_cannot_open_the_sign_in_security_page(client, expert):
    client.force_login(expert)
    response = client.get(reverse("admin:accounts_accountsecurity_changelist"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("staff-dashboard")


def test_the_test_clients_login_still_works(client, expert):
    assert client.login(username="expert", password="secret")
    assert not client.login(username="expert", password="wrong")


def test_the_address_behind_a_proxy_is_the_one_the_proxy_saw(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.7"
    )
    settings.FORWARDED_FOR_PROXIES = 0
    assert client_address(request) == "10.0.0.1"
    settings.FORWARDED_FOR_PROXIES = 1
    assert client_address(request) == "198.51.100.7"
    settings.FORWARDED_FOR_PROXIES = 3  # fewer addresses than proxies: not trusted
    assert client_address(request) == "10.0.0.1"
    settings.FORWARDED_FOR_PROXIES = 1
    junk = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="not-an-ip")
    assert client_address(junk) == "10.0.0.1"


# -- two-step sign-in -----------------------------------------------------------------------


@pytest.fixture
def device(expert):
    return TOTPDevice.objects.create(user=expert, name="phone", confirmed=True)


def code(device, steps_ahead=0):
    """The code the device's app shows now (or that many 30-second steps later: the same
    code is never accepted twice)."""
    if not steps_ahead:
        value = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    else:
        generator = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        generator.time = time.time() + steps_ahead * device.step
        value = generator.token()
    return f"{value:0{device.digits}d}"


def test_with_a_device_the_password_alone_does_not_sign_in(client, expert, device):
    response = client.post(SITE_FORM, {"username": "expert", "password": "secret"})
    assert response.status_code == 302
    assert response.url == reverse("login-code")
    assert signed_in_as(client) is None
    assert client.get("/staff/").status_code == 302
    page = client.get(reverse("login-code"))
    assert "Enter your code" in page.content.decode()


def test_a_valid_code_signs_in_and_goes_where_the_user_was_going(client, expert, device):
    client.post(SITE_FORM, {"username": "expert", "password": "secret", "next": "/staff/notes/"})
    response = client.post(reverse("login-code"), {"code": code(device)})
    assert response.status_code == 302
    assert response.url == "/staff/notes/"
    assert signed_in_as(client) == str(expert.pk)
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert PENDING_KEY not in client.session
    assert client.get("/staff/").status_code == 200


def test_a_wrong_code_does_not_sign_in(client, expert, device):
    client.post(SITE_FORM, {"username": "expert", "password": "secret"})
    right = code(device)
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    response = client.post(reverse("login-code"), {"code": wrong})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert signed_in_as(client) is None


def test_wrong_codes_count_as_failed_sign_ins(client, expert, device, settings):
    client.post(SITE_FORM, {"username": "expert", "password": "secret"})
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("login-code"), {"code": "000000"})
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    device.refresh_from_db()
    device.throttle_reset()
    response = client.post(reverse("login-code"), {"code": code(device)})
    assert response.status_code == 429
    assert signed_in_as(client) is None


def test_the_code_must_follow_the_password_within_five_minutes(client, expert, device):
    client.post(SITE_FORM, {"username": "expert", "password": "secret"})
    session = client.session
    session[PENDING_KEY]["since"] -= 5 * 60 + 1
    session.save()
    response = client.post(reverse("login-code"), {"code": code(device)}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("login")
    assert "within five minutes" in response.content.decode()
    assert signed_in_as(client) is None


def test_the_code_step_without_a_password_first_goes_back_to_the_sign_in(client, device):
    response = client.post(reverse("login-code"), {"code": code(device)})
    assert response.url == reverse("login")


def test_the_admin_form_asks_for_the_code_too(client, admin_user):
    admin_device = TOTPDevice.objects.create(user=admin_user, name="phone", confirmed=True)
    response = client.post(
        ADMIN_FORM, {"username": "admin", "password": "secret", "next": "/admin/"}
    )
    assert response.url == reverse("login-code")
    assert signed_in_as(client) is None
    response = client.post(reverse("login-code"), {"code": code(admin_device)})
    assert response.url == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_staff_set_up_their_app_with_a_qr_code_or_the_key(client, expert):
    client.force_login(expert)
    page = client.get(reverse("two-factor")).content.decode()
    assert "<svg" in page and "style=" not in page.split("<svg", 1)[1].split("</svg>")[0]
    secret = re.search(r"<code>([A-Z2-7 ]+)</code>", page).group(1)
    pending = TOTPDevice.objects.get(user=expert, confirmed=False)
    assert secret.replace(" ", "") in pending.config_url
    assert client.get(reverse("two-factor")).content.decode().count(secret) == 1  # same key

    response = client.post(reverse("two-factor"), {"code": code(pending)})
    assert response.url == reverse("account")
    pending.refresh_from_db()
    assert pending.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == pending.persistent_id

    client.post(reverse("logout"))
    client.post(SITE_FORM, {"username": "expert", "password": "secret"})
    assert signed_in_as(client) is None
    client.post(reverse("login-code"), {"code": code(pending, steps_ahead=1)})
    assert signed_in_as(client) == str(expert.pk)


def test_a_wrong_code_does_not_turn_two_step_sign_in_on(client, expert):
    client.force_login(expert)
    client.get(reverse("two-factor"))
    response = client.post(reverse("two-factor"), {"code": "12345x"})
    assert response.status_code == 200
    assert not TOTPDevice.objects.filter(user=expert, confirmed=True).exists()


def test_the_set_up_page_never_shows_the_key_of_a_device_in_use(client, expert, device):
    client.force_login(expert)  # a session from before the device: asked for a code
    page = client.get(reverse("two-factor")).content.decode()
    assert "<svg" not in page and "<code>" not in page
    assert client.post(reverse("two-factor"), {"code": code(device)}).status_code == 302
    page = client.get(reverse("two-factor")).content.decode()
    assert "is on for your account" in page and "<svg" not in page


def test_the_account_page_links_to_the_password_change_and_the_two_step_set_up(client, expert):
    client.force_login(expert)
    staff_page = client.get("/staff/").content.decode()
    assert f'href="{reverse("account")}"' in staff_page
    page = client.get(reverse("account")).content.decode()
    assert reverse("password_change") in page and reverse("two-factor") in page
    assert "8\xa0hours" in page


@pytest.fixture
def require_2fa(settings):
    settings.REQUIRE_2FA = True


def test_require_2fa_sends_a_reviewer_to_the_set_up_first(client, reviewer, require_2fa):
    client.force_login(reviewer)
    response = client.get("/staff/notes/")
    assert response.status_code == 302
    assert response.url == f"{reverse('two-factor')}?next=/staff/notes/"
    page = client.get(response.url)
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=reviewer)
    response = client.post(response.url, {"code": code(device), "next": "/staff/notes/"})
    assert response.url == "/staff/notes/"
    assert client.get("/staff/notes/").status_code == 200


def test_require_2fa_leaves_experts_free_to_choose(client, expert, require_2fa):
    client.force_login(expert)
    assert client.get("/staff/").status_code == 200
    assert client.get(reverse("account")).status_code == 200


def test_require_2fa_guards_the_admin(client, admin_user, require_2fa):
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.url.startswith(reverse("two-factor"))


def test_require_2fa_still_lets_a_reviewer_sign_out(client, reviewer, require_2fa):
    client.force_login(reviewer)
    assert client.post(reverse("logout")).status_code == 302
    assert signed_in_as(client) is None


def test_without_require_2fa_nobody_is_sent_to_the_set_up(client, reviewer, admin_user):
    client.force_login(reviewer)
    assert client.get("/staff/").status_code == 200
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200


# -- password change and reset --------------------------------------------------------------


def test_a_signed_in_user_changes_the_password_and_stays_signed_in(client, expert):
    client.force_login(expert)
    page = client.get(reverse("password_change"))
    assert 'class="site-header staff-header"' in page.content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "secret",
            "new_password1": "a fresh long passphrase",
            "new_password2": "a fresh long passphrase",
        },
    )
    assert response.url == reverse("password_change_done")
    assert client.get("/staff/").status_code == 200
    expert.refresh_from_db()
    assert expert.check_password("a fresh long passphrase")


def test_a_wrong_current_password_changes_nothing(client, expert):
    client.force_login(expert)
    response = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": "a b c d e f", "new_password2": "a b c d e f"},
    )
    assert response.status_code == 200
    expert.refresh_from_db()
    assert expert.check_password("secret")


def test_the_password_reset_e_mail_is_plain_text_with_a_working_link(client, expert, settings):
    settings.SITE_URL = "https://outreach.example.org"
    page = client.get(reverse("password_reset")).content.decode()
    assert 'class="site-header"' in page
    response = client.post(reverse("password_reset"), {"email": "expert@example.org"})
    assert response.url == reverse("password_reset_done")
    [message] = mail.outbox
    assert message.to == ["expert@example.org"]
    assert not getattr(message, "alternatives", None)
    assert "<" not in message.body
    link = re.search(r"https://outreach\.example\.org(/accounts/password/reset/\S+/)", message.body)
    assert link, message.body

    form = client.get(link.group(1), follow=True)
    assert "Choose a new password" in form.content.decode()
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "another long passphrase", "new_password2": "another long passphrase"},
    )
    assert response.url == reverse("password_reset_complete")
    assert sign_in(client, "expert", "another long passphrase").status_code == 302
    client.post(reverse("logout"))
    assert client.get(link.group(1), follow=True).context["validlink"] is False


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(client, expert):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_the_sign_in_page_offers_the_password_reset(client):
    assert reverse("password_reset") in client.get(SITE_FORM).content.decode()


# -- idle sessions --------------------------------------------------------------------------


def session_row(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_sessions_last_a_working_day_without_activity(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60


def test_activity_keeps_the_session_alive(client, expert, settings):
    client.force_login(expert)
    session = client.session
    session[SEEN_KEY] -= REFRESH_SECONDS + 1
    session.save()
    Session.objects.filter(session_key=session.session_key).update(
        expire_date=timezone.now() + datetime.timedelta(minutes=5)
    )
    response = client.get("/staff/")
    assert response.status_code == 200
    left = session_row(client).expire_date - timezone.now()
    assert left > datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)
    assert response.cookies["sessionid"]["max-age"] == settings.SESSION_COOKIE_AGE


def test_requests_within_a_minute_do_not_write_the_session_again(client, expert):
    client.force_login(expert)
    before = session_row(client).expire_date
    client.get("/staff/")
    client.get("/staff/")
    assert session_row(client).expire_date == before


def test_an_idle_session_ends(client, expert):
    client.force_login(expert)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
