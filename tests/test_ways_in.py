"""Ways in: experts who open the admin land on their dashboard; the README names both doors."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/admin/", "/admin/notes/note/", "/admin/contacts/contact/"])
@pytest.mark.parametrize("persona", ["expert", "reviewer"])
def test_a_signed_in_expert_opening_the_admin_lands_on_the_staff_dashboard(
    client, request, persona, path
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(path, follow=True)
    assert response.redirect_chain[-1][0] == reverse("staff-dashboard")
    assert "Your work is here, on the staff pages." in response.content.decode()


def test_an_administrator_gets_the_admin(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/").status_code == 200


def test_a_visitor_gets_the_admin_sign_in_form(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("admin:login"))
    assert response.status_code == 200


def test_an_account_without_staff_rights_keeps_the_admins_refusal(client):
    user = get_user_model().objects.create_user("visitor", password="x")
    client.force_login(user)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("admin:login"))


def test_the_readme_names_the_staff_pages_and_the_admin():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "/staff/" in readme and "/admin/" in readme
