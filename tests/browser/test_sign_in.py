import pytest

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
