"""Steps that several browser tests take the same way."""

from contextlib import contextmanager

from playwright.sync_api import expect


def sign_in(page, live_server, username):
    """Sign in on the sign-in page (every test user's password is "secret") and land on the
    staff dashboard."""
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("secret")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


WIDE = {"width": 1280, "height": 900}


@contextmanager
def browser_page(browser, *, viewport=WIDE, locale="en-GB"):
    """A page in a browser of its own (its own cookies and storage), closed on leaving."""
    context = browser.new_context(viewport=viewport, locale=locale)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield page
    finally:
        context.close()
