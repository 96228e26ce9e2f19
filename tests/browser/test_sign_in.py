import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_expert_signs_in_from_the_login_page(live_server, page, expert, screenshot):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("expert")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").is_visible()
    screenshot(page, "refused")
    page.get_by_label("Password").fill("secret")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/**")
    screenshot(page, "signed-in")
    assert "/accounts/login/" not in page.url


def test_the_home_page_runs_without_csp_violations(live_server, page):
    violations = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.goto(live_server.url)
    assert page.get_by_role("heading", level=1).is_visible()
    assert violations == []


def current_code(secret, steps_ahead=0):
    """What an authenticator app given `secret` (base 32, as the set-up page shows it) shows."""
    generator = TOTP(b32decode(secret.replace(" ", "")))
    generator.time = time.time() + 30 * steps_ahead
    return f"{generator.token():06d}"


def test_an_expert_sets_up_two_step_sign_in_and_then_signs_in_with_a_code(
    live_server, page, expert, screenshot
):
    violations = []
    page.on(
        "console",
        lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("expert")
    page.get_by_label("Password").fill("secret")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Account").click()
    page.get_by_role("link", name="Set up two-step sign-in").click()
    expect(page.locator("figure.qr-code svg")).to_be_visible()
    screenshot(page, "set-up")
    secret = page.locator("main code").inner_text()
    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    expect(page.get_by_text("Two-step sign-in is on")).to_be_visible()

    page.get_by_role("button", name="Sign out expert").click()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("expert")
    page.get_by_label("Password").fill("secret")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    screenshot(page, "code")
    page.get_by_label("Code").fill(current_code(secret, steps_ahead=1))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
    assert violations == []


def test_a_locked_account_reads_why_on_the_sign_in_page(live_server, page, expert, screenshot):
    page.goto(f"{live_server.url}/accounts/login/")
    for _ in range(10):
        page.get_by_label("Username").fill("expert")
        page.get_by_label("Password").fill("wrong")
        page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Username").fill("expert")
    page.get_by_label("Password").fill("secret")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text("Too many failed sign-ins")
    screenshot(page, "locked")
    assert "/accounts/login/" in page.url
