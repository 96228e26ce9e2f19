"""Steps that several browser tests take the same way."""

from playwright.sync_api import expect


def sign_in(page, live_server, username):
    """Sign in on the sign-in page (every test user's password is "secret") and land on the
    staff dashboard."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("secret")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()
