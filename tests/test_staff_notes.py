"""Staff pages for notes: the editor, each workflow step and each refusal, through the views."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notes.models import Disclaimer, Note
from tests.helpers import in_review, make_event, make_note, make_published_note, messages_of

pytestmark = pytest.mark.django_db


def url(name, note, *args):
    return reverse(name, args=[note.pk, *args])


def edit_data(note, **changes):
    """What the editor posts back: the note's text with `changes`, and the version it began at."""
    data = {field: getattr(note, field) for field in ("title", "objectives", "background")}
    data |= {"highlights": note.highlights, "additional_comments": note.additional_comments}
    data |= {"expected_version": note.version, "base_revision": note.latest_revision.number}
    data |= {"save": ""}
    return data | changes


# -- access ---------------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_sign_in(client, expert):
    note = make_note(expert)
    response = client.get(url("notes-edit", note))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_signed_in_user_outside_the_staff_groups_is_refused(client, expert):
    from tests.helpers import make_user

    note = make_note(expert)
    client.force_login(make_user("visitor"))
    assert client.get(reverse("staff-dashboard")).status_code == 403
    assert client.get(url("notes-staff-detail", note)).status_code == 403


def test_other_expert_reads_a_colleagues_note_but_cannot_edit_or_submit_it(
    client, expert, other_expert
):
    note = make_note(expert, highlights="Words of a colleague.")
    client.force_login(other_expert)
    response = client.get(url("notes-staff-detail", note))
    assert response.status_code == 200
    assert "Words of a colleague." in response.text
    assert f'href="{url("notes-edit", note)}"' not in response.text
    assert client.post(url("notes-edit", note), edit_data(note, highlights="X")).status_code == 403
    assert client.post(url("notes-submit", note)).status_code == 403
    assert Note.objects.get(pk=note.pk).status == Note.Status.DRAFT


def test_the_note_list_filters_by_status(client, expert, reviewer):
    make_note(expert, title="Still a draft")
    make_published_note(expert, reviewer, title="Out in public")
    client.force_login(expert)
    response = client.get(reverse("notes-staff-list"), {"status": "published"})
    assert [note.display_title for note in response.context["page"]] == ["Out in public"]
    everything = client.get(reverse("notes-staff-list"), {"status": "nonsense"})
    assert len(everything.context["page"]) == 2


# -- the editor -----------------------------------------------------------------------------


def test_a_new_note_is_prefilled_with_the_event_title_and_the_contact_line(client, expert):
    event = make_event("Regional workshop in Dakar")
    client.force_login(expert)
    response = client.get(reverse("notes-start", args=[event.pk]))
    form = response.context["form"]
    assert form["title"].value() == "Regional workshop in Dakar"
    assert form["additional_comments"].value() == Disclaimer.objects.in_force().contact_line
    assert "Save draft" in response.text
    assert "Submit for review" in response.text


def test_the_preview_shows_the_note_as_published_with_the_disclaimer(client, expert):
    event = make_event("Regional workshop in Dakar")
    client.force_login(expert)
    response = client.get(reverse("notes-start", args=[event.pk]))
    preview = response.text.split('id="note-preview"')[1]
    assert "Information Note" in preview
    assert Disclaimer.objects.in_force().text in preview
    assert "Dakar" in preview


def test_preview_renders_unsaved_text_and_saves_nothing(client, expert):
    note = make_note(expert)
    client.force_login(expert)
    data = edit_data(note, highlights="**Bold news**", preview="")
    del data["save"]
    response = client.post(url("notes-edit", note), data)
    assert "<strong>Bold news</strong>" in response.text
    assert Note.objects.get(pk=note.pk).highlights == "Highlights text."
    assert note.revisions.count() == 1


def test_expert_saves_a_new_draft_with_its_first_revision(client, expert):
    event = make_event("Regional workshop", slug="regional-workshop-2025")
    client.force_login(expert)
    data = {"language": "en", "title": "Regional workshop", "objectives": "- learn"}
    data |= {"background": "", "highlights": "", "additional_comments": "", "save": ""}
    response = client.post(reverse("notes-start", args=[event.pk]), data)
    note = Note.objects.get(event=event)
    assert response["Location"] == url("notes-edit", note)
    assert note.slug == "regional-workshop-2025"
    assert list(note.authors.all()) == [expert]
    assert note.latest_revision.number == 1
    assert note.status == Note.Status.DRAFT


def test_a_second_note_in_the_same_language_is_refused_with_a_named_field(client, expert):
    note = make_note(expert)
    client.force_login(expert)
    data = {"language": "en", "title": "Again", "save": ""}
    response = client.post(reverse("notes-start", args=[note.event.pk]), data)
    assert response.status_code == 200
    assert "already has a note in this language" in str(response.context["form"].errors["language"])
    assert Note.objects.count() == 1


def test_saving_a_draft_keeps_a_revision_with_its_message(client, expert):
    note = make_note(expert)
    client.force_login(expert)
    data = edit_data(note, highlights="Second wording.", message="Reworded")
    response = client.post(url("notes-edit", note), data, follow=True)
    note.refresh_from_db()
    assert note.highlights == "Second wording."
    assert (note.latest_revision.number, note.latest_revision.message) == (2, "Reworded")
    assert "The draft is saved as revision 2." in messages_of(response)


def test_the_editor_of_a_published_note_says_the_public_keeps_the_live_version(
    client, expert, reviewer
):
    note = make_published_note(expert, reviewer, highlights="Published words.")
    client.force_login(expert)
    response = client.get(url("notes-edit", note))
    assert "the public keeps seeing the published version" in response.text
    client.post(url("notes-edit", note), edit_data(note, highlights="Unreviewed words."))
    public = client.get(note.get_absolute_url())
    assert "Published words." in public.text
    assert "Unreviewed words." not in public.text
    assert Note.objects.get(pk=note.pk).has_unpublished_changes


def test_nobody_edits_a_note_in_review_through_the_editor(client, expert):
    note = in_review(expert)
    client.force_login(expert)
    response = client.get(url("notes-edit", note), follow=True)
    assert response.redirect_chain[-1][0] == url("notes-staff-detail", note)
    assert "in review" in messages_of(response)[0]
    client.post(url("notes-edit", note), edit_data(note, highlights="Sneaky"))
    assert Note.objects.get(pk=note.pk).highlights == "Highlights text."


# -- submitting -----------------------------------------------------------------------------


def test_submit_from_the_editor_saves_the_text_then_e_mails_the_reviewers(
    client, expert, reviewer, django_capture_on_commit_callbacks
):
    note = make_note(expert)
    client.force_login(expert)
    data = edit_data(note, highlights="Final words.")
    del data["save"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("notes-edit", note), data | {"submit": ""})
    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW
    assert note.latest_revision.highlights == "Final words."
    assert [message.to for message in mail.outbox] == [[reviewer.email]]


def test_submit_button_sends_the_note_for_review_with_a_comment(
    client, expert, reviewer, django_capture_on_commit_callbacks
):
    note = make_note(expert)
    client.force_login(expert)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("notes-submit", note), {"comment": "Ready"}, follow=True)
    assert "Submitted for review: the reviewers have been told." in messages_of(response)
    assert note.transitions.get().comment == "Ready"
    assert mail.outbox[0].to == [reviewer.email]


def test_submitting_a_published_note_without_changes_is_refused_with_a_message(
    client, expert, reviewer
):
    note = make_published_note(expert, reviewer)
    client.force_login(expert)
    response = client.post(url("notes-submit", note), follow=True)
    assert response.redirect_chain[-1][0] == url("notes-staff-detail", note)
    assert "no unpublished changes" in messages_of(response)[0]
    assert Note.objects.get(pk=note.pk).status == Note.Status.PUBLISHED


# -- reviewing ------------------------------------------------------------------------------


def test_reviewer_sees_the_rendered_note_and_the_review_buttons(client, expert, reviewer):
    note = in_review(expert, highlights="**Key point**")
    client.force_login(reviewer)
    response = client.get(url("notes-review", note))
    assert "<strong>Key point</strong>" in response.text
    assert Disclaimer.objects.in_force().text in response.text
    assert "Request changes" in response.text
    assert "Approve and publish" in response.text
    assert "A first publication" in response.text


def test_review_shows_the_difference_from_the_live_revision(client, expert, reviewer):
    note = make_published_note(expert, reviewer, highlights="Old words here.")
    note.highlights = "New words here."
    note.save_draft(by=expert)
    note.submit(by=expert)
    client.force_login(reviewer)
    response = client.get(url("notes-review", note))
    assert "<del>Old</del><ins>New</ins> words here." in response.text
    assert "Compared with the published revision 1" in response.text


def test_first_publication_is_compared_with_the_revision_the_reviewer_last_reviewed(
    client, expert, reviewer
):
    note = in_review(expert, highlights="First try.")
    note.request_changes(by=reviewer, comment="Say more")
    note.highlights = "Second try."
    note.save_draft(by=expert)
    note.submit(by=expert)
    client.force_login(reviewer)
    response = client.get(url("notes-review", note))
    assert "<del>First</del><ins>Second</ins> try." in response.text
    assert "Compared with revision 1, the one you last reviewed" in response.text


def test_request_changes_returns_the_note_and_e_mails_its_authors(
    client, expert, reviewer, django_capture_on_commit_callbacks
):
    note = in_review(expert)
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("notes-request-changes", note), {"comment": "Name the States"}, follow=True
        )
    assert Note.objects.get(pk=note.pk).status == Note.Status.CHANGES_REQUESTED
    assert "Changes requested: the authors have been told." in messages_of(response)
    assert [message.to for message in mail.outbox] == [[expert.email]]
    assert "Name the States" in mail.outbox[0].body


def test_request_changes_without_a_comment_is_refused_and_the_note_stays_in_review(
    client, expert, reviewer
):
    note = in_review(expert)
    client.force_login(reviewer)
    response = client.post(url("notes-request-changes", note), {"comment": " "}, follow=True)
    assert response.redirect_chain[-1][0] == url("notes-review", note)
    assert "comment is required" in messages_of(response)[0]
    assert Note.objects.get(pk=note.pk).status == Note.Status.IN_REVIEW


def test_the_author_sees_the_requested_changes_in_the_editor(client, expert, reviewer):
    note = in_review(expert)
    note.request_changes(by=reviewer, comment="Name the States")
    client.force_login(expert)
    response = client.get(url("notes-edit", note))
    assert "requested changes" in response.text
    assert "Name the States" in response.text


def test_approve_and_publish_makes_the_note_public_and_e_mails_its_authors(
    client, expert, reviewer, django_capture_on_commit_callbacks
):
    note = in_review(expert, highlights="Public words.")
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("notes-publish", note), {"comment": "Good", "confirm": ""}, follow=True
        )
    note.refresh_from_db()
    assert note.status == Note.Status.PUBLISHED
    assert "Published: the public now sees this version." in messages_of(response)
    assert [message.to for message in mail.outbox] == [[expert.email]]
    client.logout()
    public = client.get(note.get_absolute_url())
    assert "Public words." in public.text
    assert Disclaimer.objects.in_force().text in public.text


def test_reviewer_who_wrote_the_note_has_no_approve_button_and_is_refused(client, reviewer):
    note = in_review(reviewer)
    client.force_login(reviewer)
    detail = client.get(url("notes-staff-detail", note))
    assert "Approve and publish" not in detail.text
    assert f'href="{url("notes-review", note)}"' not in detail.text
    assert client.get(url("notes-review", note)).status_code == 403
    assert client.post(url("notes-publish", note)).status_code == 403
    assert Note.objects.get(pk=note.pk).status == Note.Status.IN_REVIEW


def test_experts_cannot_review_publish_or_withdraw(client, expert, other_expert, reviewer):
    note = in_review(expert)
    client.force_login(other_expert)
    assert client.post(url("notes-publish", note)).status_code == 403
    assert client.post(url("notes-request-changes", note), {"comment": "x"}).status_code == 403
    note.publish(by=reviewer)
    assert client.post(url("notes-withdraw", note), {"reason": "x"}).status_code == 403
    assert Note.objects.get(pk=note.pk).is_live


def test_publishing_a_draft_is_refused_with_a_message(client, expert, reviewer):
    note = make_note(expert)
    client.force_login(reviewer)
    response = client.post(url("notes-publish", note), {"confirm": ""}, follow=True)
    assert "cannot become" in messages_of(response)[0]
    assert not Note.objects.published().exists()


def test_the_review_page_of_a_note_not_in_review_redirects_to_the_note(client, expert, reviewer):
    note = make_note(expert)
    client.force_login(reviewer)
    response = client.get(url("notes-review", note))
    assert response["Location"] == url("notes-staff-detail", note)


# -- withdrawing ----------------------------------------------------------------------------


def test_withdrawing_needs_a_reason(client, expert, reviewer):
    note = make_published_note(expert, reviewer)
    client.force_login(reviewer)
    response = client.post(url("notes-withdraw", note), {"reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert Note.objects.get(pk=note.pk).is_live


def test_a_withdrawn_note_leaves_the_public_pages_and_returns_through_review(
    client, expert, reviewer, second_reviewer, django_capture_on_commit_callbacks
):
    note = make_published_note(expert, reviewer)
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("notes-withdraw", note), {"reason": "Wrong date"}, follow=True)
    assert "Withdrawn: the note has left the public pages." in messages_of(response)
    assert not Note.objects.published().exists()
    assert "Wrong date" in mail.outbox[0].body
    client.force_login(expert)
    client.post(url("notes-submit", note))
    client.force_login(second_reviewer)
    client.post(url("notes-publish", note), {"confirm": ""})
    assert Note.objects.published().get() == note


def test_withdrawing_a_note_that_is_not_published_is_refused_with_a_message(
    client, expert, reviewer
):
    note = make_note(expert)
    client.force_login(reviewer)
    response = client.get(url("notes-withdraw", note), follow=True)
    assert "nothing to withdraw" in messages_of(response)[0]


# -- no lost update -------------------------------------------------------------------------


def test_the_second_of_two_saves_from_the_same_version_is_refused_and_loses_nothing(
    client, expert, admin_user
):
    note = make_note(expert, highlights="Original words.")
    first = edit_data(note, highlights="The expert's words.")
    second = edit_data(note, highlights="The administrator's words.")
    client.force_login(expert)
    assert client.post(url("notes-edit", note), first).status_code == 302
    client.force_login(admin_user)
    response = client.post(url("notes-edit", note), second)
    assert response.status_code == 409
    assert any("someone else changed the same part" in text for text in messages_of(response))
    assert "The expert&#x27;s words." in response.text
    assert "<del>Original</del><ins>The expert&#x27;s</ins> words." in response.text
    assert response.context["form"]["highlights"].value() == "The administrator's words."
    assert "The administrator&#x27;s words." in response.text
    assert Note.objects.get(pk=note.pk).highlights == "The expert's words."


def test_after_a_conflict_the_merged_text_saves(client, expert, admin_user):
    note = make_note(expert, highlights="Original words.")
    stale = edit_data(note, highlights="Mine.")
    note.highlights = "Theirs."
    note.save_draft(by=expert)
    client.force_login(admin_user)
    refused = client.post(url("notes-edit", note), stale)
    merged = {field.name: field.value() for field in refused.context["form"]}
    merged |= {"highlights": "Theirs and mine.", "save": "", "message": ""}
    assert client.post(url("notes-edit", note), merged).status_code == 302
    assert Note.objects.get(pk=note.pk).highlights == "Theirs and mine."


# -- history --------------------------------------------------------------------------------


def test_history_lists_every_revision_and_the_log_with_its_comments(client, expert, reviewer):
    note = in_review(expert)
    note.request_changes(by=reviewer, comment="Name the States")
    note.highlights = "Revised."
    note.save_draft(by=expert, message="Named them")
    client.force_login(expert)
    response = client.get(url("notes-history", note))
    assert [r.number for r in response.context["revisions"]] == [2, 1]
    assert "Named them" in response.text
    assert "Name the States" in response.text
    assert "Restore revision 1" in response.text


def test_compare_shows_a_word_diff_of_each_section_escaped(client, expert):
    note = make_note(expert, highlights="Plain words.")
    note.highlights = "Plain <script>x</script> words."
    note.save_draft(by=expert)
    client.force_login(expert)
    response = client.get(url("notes-compare", note), {"a": 1, "b": 2})
    assert "<ins>&lt;script&gt;x&lt;/script&gt; </ins>" in response.text
    assert "<script>x" not in response.text


def test_compare_with_a_missing_revision_is_not_found(client, expert):
    note = make_note(expert)
    client.force_login(expert)
    assert client.get(url("notes-compare", note), {"a": 1, "b": 9}).status_code == 404
    assert client.get(url("notes-compare", note), {"a": "x"}).status_code == 404


def test_restore_makes_an_old_revision_the_working_copy_as_a_new_revision(client, expert):
    note = make_note(expert, highlights="First.")
    note.highlights = "Second."
    note.save_draft(by=expert)
    client.force_login(expert)
    response = client.post(url("notes-restore", note, 1), follow=True)
    note.refresh_from_db()
    assert note.highlights == "First."
    assert [r.number for r in note.revisions.all()] == [3, 2, 1]
    assert "kept as revision 3" in messages_of(response)[0]


def test_restore_is_refused_while_the_note_is_in_review(client, expert):
    note = make_note(expert)
    note.highlights = "Second."
    note.save_draft(by=expert)
    note.submit(by=expert)
    client.force_login(expert)
    response = client.post(url("notes-restore", note, 1), follow=True)
    assert "in review" in messages_of(response)[0]
    assert note.revisions.count() == 2


# -- query budgets --------------------------------------------------------------------------


def count_queries(client, address):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


def test_the_note_list_uses_a_fixed_number_of_queries(client, expert, django_assert_num_queries):
    make_note(expert)
    client.force_login(expert)
    address = reverse("notes-staff-list")
    one = count_queries(client, address)
    for _ in range(49):
        make_note(expert)
    with django_assert_num_queries(one):
        client.get(address)


def add_revisions(note, author, count):
    for n in range(count):
        note.objectives = f"Change {n}"
        note.save_draft(by=author)


def test_editor_history_and_note_page_use_a_fixed_number_of_queries(
    client, expert, reviewer, django_assert_num_queries, django_assert_max_num_queries
):
    note = make_published_note(expert, reviewer)
    add_revisions(note, expert, 1)
    client.force_login(expert)
    addresses = [url(name, note) for name in ("notes-edit", "notes-history", "notes-staff-detail")]
    counts = {address: count_queries(client, address) for address in addresses}
    add_revisions(note, expert, 49)
    for address in addresses:
        with django_assert_max_num_queries(20), django_assert_num_queries(counts[address]):
            client.get(address)


def test_the_review_page_uses_a_fixed_number_of_queries(
    client, expert, reviewer, django_assert_num_queries, django_assert_max_num_queries
):
    note = in_review(expert)
    note.request_changes(by=reviewer, comment="More")
    add_revisions(note, expert, 1)
    note.submit(by=expert)
    client.force_login(reviewer)
    one = count_queries(client, url("notes-review", note))
    note.request_changes(by=reviewer, comment="More again")
    add_revisions(note, expert, 49)
    note.submit(by=expert)
    with django_assert_max_num_queries(20), django_assert_num_queries(one):
        client.get(url("notes-review", note))
