"""The archive import is safe to offer (security review): an import never publishes,
uploads and hostile files stay within limits, reading happens on the worker, files are decoded
honestly, and odd names or control characters do no harm."""

import codecs
import io
import signal
import zipfile
import zlib
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.tasks import default_task_backend
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from notes.archive import jobs
from notes.archive.admin_views import SESSION_KEY
from notes.archive.extract import ExtractError, decode_text, extract
from notes.archive.importer import FAILED, import_files
from notes.archive.limits import DEFAULT, Limits
from notes.archive.parser import ParseError, parse_note
from notes.archive.reading import Reader
from notes.models import Note, Revision
from tests.helpers import _pdf_file, make_docx, make_pdf
from tests.test_archive_parser import IRKUTSK, IRKUTSK_NOTE

pytestmark = pytest.mark.django_db

URL = reverse("admin:notes_note_import")
TEXT = IRKUTSK.read_text(encoding="utf-8")
CHANGED = TEXT.replace("Many speakers", "Most speakers")


@pytest.fixture
def uploader(client, reviewer):
    reviewer.is_staff = True
    reviewer.save()
    client.force_login(reviewer)
    return reviewer


def upload(name, data):
    return SimpleUploadedFile(name, data if isinstance(data, bytes) else data.encode())


def preview(client, *files):
    return client.post(URL, {"files": list(files)}, follow=True)


def confirm(client):
    return client.post(URL, {"confirm": "1", "token": client.session[SESSION_KEY]}, follow=True)


def import_through_the_admin(client, *files):
    preview(client, *files)
    return confirm(client)


def limits(settings, **changes):
    settings.NOTES_ARCHIVE_LIMITS = changes


# -- 1. An import never publishes: another reviewer does, through the review --------------------


def test_an_uploaded_note_goes_to_review_and_its_uploader_cannot_publish_it(
    client, uploader, second_reviewer
):
    import_through_the_admin(client, upload("irkutsk.txt", TEXT))
    note = Note.objects.get()
    assert (note.status, note.live_revision) == (Note.Status.IN_REVIEW, None)
    assert not Note.objects.published().exists()
    assert note.has_written(uploader)
    assert not note.reviewable_by(uploader)
    with pytest.raises(PermissionDenied):
        note.publish(by=uploader)
    assert note.reviewable_by(second_reviewer)


def test_the_note_is_published_when_another_reviewer_publishes_it_not_at_the_event(
    client, uploader, second_reviewer
):
    import_through_the_admin(client, upload("irkutsk.txt", TEXT))
    note = Note.objects.get()
    before = timezone.now()
    note.publish(by=second_reviewer, notify=False)
    note.refresh_from_db()
    assert before <= note.first_published_at == note.last_published_at <= timezone.now()
    assert note.live_revision.published_at == note.first_published_at
    assert note.event.end_date.year == 2009  # the event keeps its dates


def test_a_changed_file_for_a_live_note_is_a_new_revision_in_review_the_public_keeps_the_old(
    client, uploader, second_reviewer
):
    import_through_the_admin(client, upload("irkutsk.txt", TEXT))
    note = Note.objects.get()
    note.publish(by=second_reviewer, notify=False)
    live, published_at = note.live_revision, note.last_published_at

    import_through_the_admin(client, upload("irkutsk.txt", CHANGED))
    note.refresh_from_db()
    assert note.status == Note.Status.IN_REVIEW
    assert (note.live_revision, note.last_published_at) == (live, published_at)
    assert note.latest_revision.highlights.startswith("Most speakers")
    assert note.latest_revision.author == uploader
    page = client.get(note.get_absolute_url()).content.decode()
    assert "Many speakers" in page and "Most speakers" not in page

    with pytest.raises(PermissionDenied):
        note.publish(by=uploader)
    note.publish(by=second_reviewer, notify=False)
    note.refresh_from_db()
    assert note.live_revision.highlights.startswith("Most speakers")


def test_a_note_in_review_is_not_changed_by_an_import(client, uploader):
    import_through_the_admin(client, upload("irkutsk.txt", TEXT))
    page = import_through_the_admin(client, upload("irkutsk.txt", CHANGED)).content.decode()
    assert "it can only change through the review" in page
    assert Note.objects.get().highlights.startswith("Many speakers")


def test_the_command_submits_for_review_unless_another_reviewer_publishes(
    reviewer, second_reviewer, tmp_path
):
    (tmp_path / "irkutsk.txt").write_text(TEXT)
    call_command("import_notes", str(tmp_path), user="reviewer", stdout=io.StringIO())
    assert Note.objects.get().status == Note.Status.IN_REVIEW
    with pytest.raises(PermissionDenied, match="another reviewer"):
        list(import_files([("a.txt", b"")], by=reviewer, publisher=reviewer))


# -- 2. Limits ----------------------------------------------------------------------------------


def test_an_upload_over_the_size_limit_is_refused_naming_the_file_and_the_limit(client, uploader):
    big = upload("big.txt", b"x" * (DEFAULT.file_bytes + 1))
    page = preview(client, upload("irkutsk.txt", TEXT), big).content.decode()
    assert "big.txt is 20.0\xa0MB, over the limit of 20.0\xa0MB per file." in page
    assert SESSION_KEY not in client.session
    assert not Note.objects.exists()


def test_too_many_files_or_too_much_in_all_are_refused(client, uploader, settings):
    limits(settings, files_per_upload=2, upload_bytes=5000)
    files = [upload(f"{n}.txt", TEXT) for n in range(3)]
    page = preview(client, *files).content.decode()
    assert "3 files selected: at most 2 can be imported at once." in page
    assert "The files come to 7.4\xa0KB, over the limit of 4.9\xa0KB per upload." in page
    assert SESSION_KEY not in client.session


def test_the_upload_form_states_the_limits(client, uploader):
    page = client.get(URL).content.decode()
    assert "at most 50 files of 20.0\xa0MB each, 50.0\xa0MB in all" in page
    assert "a ZIP file of them (folders allowed) of at most 1000 files, 500.0\xa0MB" in page


def test_the_command_refuses_a_file_over_the_size_limit_without_reading_it(
    reviewer, tmp_path, settings
):
    limits(settings, file_bytes=1000)
    (tmp_path / "irkutsk.txt").write_text(TEXT)
    outcome = next(import_files([("irkutsk.txt", tmp_path / "irkutsk.txt")], by=reviewer))
    assert outcome.status == FAILED
    assert outcome.detail.startswith("the file is 2.5\xa0KB, over the limit of 1000\xa0bytes")


def docx_with_body(xml_body):
    """A Word file whose document body is `xml_body`, written into a real .docx."""
    source = zipfile.ZipFile(io.BytesIO(make_docx("x")))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "word/document.xml":
                head, rest = data.split(b"<w:body>", 1)
                data = head + b"<w:body>" + xml_body + b"</w:body>" + rest.split(b"</w:body>")[1]
            target.writestr(item, data)
    return out.getvalue()


def test_a_word_file_that_unpacks_to_too_much_is_refused_before_it_is_parsed():
    bomb = docx_with_body(b"<w:p><w:r><w:t>" + b"a" * 30_000_000 + b"</w:t></w:r></w:p>")
    assert len(bomb) < 100_000
    with finishes_within(10), pytest.raises(ExtractError) as caught:
        extract("bomb.docx", bomb)
    assert str(caught.value) == "it unpacks to 29.4\xa0MB, over the limit of 25.0\xa0MB"


def test_reading_stops_once_the_text_passes_the_limit():
    paragraph = b"<w:p><w:r><w:t>" + b"a" * 1000 + b"</w:t></w:r></w:p>"
    long = docx_with_body(paragraph * 2100)
    with pytest.raises(ExtractError, match="longer than the limit of 2,000,000 characters"):
        extract("long.docx", long)
    text = ("Event: x\n" + "a" * 99 + "\n") * 30
    with pytest.raises(ExtractError, match="longer than the limit of 1,000 characters"):
        extract("long.txt", text.encode(), Limits(text_characters=1000))


def test_a_note_with_a_section_longer_than_the_editor_saves_is_refused(reviewer):
    text = TEXT.replace("Many speakers", "word " * 20_001 + "\nMany speakers")
    (outcome,) = import_files([("long.txt", text.encode())], by=reviewer)
    assert (outcome.status, outcome.detail) == (
        FAILED,
        "“3. Highlights” has 101,211 characters, over the limit of 100,000",
    )
    assert not Event.objects.exists()


def test_a_pdf_with_too_many_pages_is_refused():
    pdf = make_pdf("\n".join(f"line {n}" for n in range(201)), lines_per_page=1)
    with pytest.raises(ExtractError, match="it has 201 pages, over the limit of 200"):
        extract("pages.pdf", pdf)


def test_a_small_pdf_whose_page_reads_to_too_much_text_is_refused():
    pdf = compressed_pdf(b"BT /F1 9 Tf " + (b"(" + b"a" * 1000 + b") Tj ") * 2100 + b"ET")
    assert len(pdf) < 20_000
    with pytest.raises(ExtractError, match="longer than the limit"):
        extract("dense.pdf", pdf)


def compressed_pdf(content):
    """A one-page PDF whose content stream is `content`, compressed."""
    stream = zlib.compress(content, 9)
    return _pdf_file(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream),
        ]
    )


# A page of 300,000 tiny text operators: a few kilobytes, and seconds of pypdf's time.
SLOW_PDF = compressed_pdf(b"BT /F1 9 Tf " + b"(a) Tj " * 300_000 + b"ET")


def test_a_file_that_takes_too_long_to_read_is_stopped_and_the_next_is_read(reviewer, settings):
    limits(settings, seconds_per_file=1)
    with finishes_within(30):
        outcomes = list(
            import_files([("slow.pdf", SLOW_PDF), ("irkutsk.txt", TEXT.encode())], by=reviewer)
        )
    assert (outcomes[0].status, outcomes[0].detail) == (
        FAILED,
        "reading it took longer than the limit of 1 seconds",
    )
    assert outcomes[1].status == "created"


def test_the_reader_stops_a_child_that_runs_over_its_time():
    with Reader(Limits(seconds_per_file=0.5)) as reader, finishes_within(30):
        with pytest.raises(ExtractError, match=r"took longer than the limit of 0\.5 seconds"):
            reader.read("slow.pdf", SLOW_PDF)
        assert reader.read("irkutsk.txt", TEXT.encode()).note == parse_note(TEXT)


# The two regular expressions of the parser that took minutes on a long line (headings, broken
# words), and every other pattern or loop that read a long line again for each character.
LONG = 100_000
LONG_LINES = {
    "heading": "A" + " " * LONG + "!",
    "broken word": "a" * LONG + " !",
    "page furniture": "Information note" + "-" * LONG + "a",
    "contact": "For further information contact " + "a" * LONG + "@",
}
LONG_HEADER_VALUES = {
    "participants": "Participants:\tStates: " + "A and " * (LONG // 6),
    # Each comma looked ahead to the end of the line: seconds at 100 KB, a minute at 400 KB.
    "organizations": "Participants:\tInternational organizations: " + "a," * (2 * LONG),
    "date": "Date and Venue:\t" + "1 " * (LONG // 2),
}


@contextmanager
def finishes_within(seconds):
    """Fail if the block is still running after `seconds` (far more than it needs): a guard
    against quadratic work that does not depend on the machine's speed."""

    def stop(signum, frame):
        raise AssertionError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def parse_or_refuse(text):
    try:
        return parse_note(text)
    except ParseError as error:
        return error


@pytest.mark.parametrize("line", LONG_LINES.values(), ids=LONG_LINES.keys())
def test_a_long_line_in_the_body_is_read_in_linear_time(line):
    text = TEXT.replace("Many speakers", line + "\nMany speakers")
    with finishes_within(10):
        parsed = parse_or_refuse(text)
    assert parsed.event_title == IRKUTSK_NOTE.event_title


@pytest.mark.parametrize("line", LONG_HEADER_VALUES.values(), ids=LONG_HEADER_VALUES.keys())
def test_a_long_header_value_is_read_in_linear_time(line):
    label = line.split("\t")[0]
    lines = [line if row.startswith(label) else row for row in TEXT.splitlines()]
    with finishes_within(10):
        parse_or_refuse("\n".join(lines))


@pytest.mark.parametrize("line", ["**a " * (LONG // 4), " " * LONG + "x", "---" + " " * LONG + "x"])
def test_a_long_markdown_line_is_read_in_linear_time(line):
    with finishes_within(10):
        extract("note.md", line.encode())


def test_many_lines_broken_by_hyphens_are_mended_in_linear_time():
    text = TEXT.replace("Many speakers", "word-\n" * 50_000 + "Many speakers")
    with finishes_within(10):
        parse_or_refuse(text)


# -- 2. The reading happens on the worker, the page waits for it --------------------------------


@pytest.fixture
def queued_tasks(settings):
    """Tasks are queued, not run: the test runs them when it chooses, as a worker would."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    return default_task_backend


def run_queued(backend):
    for result in list(backend.results):
        result.task.call(*result.args, **result.kwargs)
    backend.clear()


def test_the_upload_is_read_by_a_task_and_the_page_waits_for_it(client, uploader, queued_tasks):
    response = client.post(URL, {"files": [upload("irkutsk.txt", TEXT)]})
    assert response.status_code == 302
    token = client.session[SESSION_KEY]
    assert response.url == f"{URL}?job={token}"
    assert [r.task.name for r in queued_tasks.results] == ["preview_archive_import"]

    page = client.get(response.url).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "Processing… 0 of 1 files read. Nothing has been written yet." in page
    assert "import-preview" not in page
    assert "<script>" not in page.replace(" ", "")

    run_queued(queued_tasks)
    page = client.get(response.url).content.decode()
    assert 'http-equiv="refresh"' not in page
    assert '<tr class="import-created"><td>irkutsk.txt</td>' in page
    assert not Note.objects.exists()

    client.post(URL, {"confirm": "1", "token": token})
    assert [r.task.name for r in queued_tasks.results] == ["run_archive_import"]
    page = client.get(f"{URL}?job={token}").content.decode()
    assert "Importing… 0 of 1 files done." in page
    assert 'name="cancel"' not in page
    assert not Note.objects.exists()

    assert client.get(URL).url == f"{URL}?job={token}"  # no new upload while it imports

    run_queued(queued_tasks)
    response = client.get(f"{URL}?job={token}", follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:notes_note_changelist")
    assert "1 files read: 1 notes created" in response.content.decode()
    assert Note.objects.get().status == Note.Status.IN_REVIEW


def test_a_confirmation_posted_twice_imports_once(client, uploader, queued_tasks):
    client.post(URL, {"files": [upload("irkutsk.txt", TEXT)]})
    run_queued(queued_tasks)
    token = client.session[SESSION_KEY]
    client.post(URL, {"confirm": "1", "token": token})
    client.post(URL, {"confirm": "1", "token": token})
    assert len(queued_tasks.results) == 1


def test_another_person_cannot_see_or_confirm_the_job(client, uploader, second_reviewer):
    preview(client, upload("irkutsk.txt", TEXT))
    token = client.session[SESSION_KEY]
    second_reviewer.is_staff = True
    second_reviewer.save()
    client.force_login(second_reviewer)
    page = client.get(f"{URL}?job={token}", follow=True).content.decode()
    assert "This preview has expired" in page
    client.post(URL, {"confirm": "1", "token": token})
    assert not Note.objects.exists()


def test_a_job_that_stops_says_why(client, uploader, queued_tasks):
    client.post(URL, {"files": [upload("irkutsk.txt", TEXT)]})
    uploader.groups.clear()  # no longer a reviewer by the time the worker runs the task
    run_queued(queued_tasks)
    uploader.groups.add(*_reviewers())
    page = client.get(f"{URL}?job={client.session.get(SESSION_KEY)}", follow=True)
    assert "The import stopped: Only reviewers can import notes." in page.content.decode()
    assert cache.get(jobs.state_key(page.wsgi_request.GET.get("job", ""))) is None


def _reviewers():
    from django.contrib.auth.models import Group

    return Group.objects.filter(name="Reviewers")


# -- 3. Encodings -------------------------------------------------------------------------------


def test_a_utf16_file_is_read_as_utf16_and_the_preview_says_so(client, uploader):
    data = codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le")
    page = preview(client, upload("irkutsk.txt", data)).content.decode()
    assert '<tr class="import-created"><td>irkutsk.txt</td>' in page
    assert "<td>UTF-16 (with byte-order mark)</td>" in page
    confirm(client)
    assert Note.objects.get().highlights.startswith("Many speakers")


def test_a_windows_file_is_read_as_windows_1252_and_the_preview_says_so(client, uploader):
    page = preview(client, upload("irkutsk.txt", TEXT.encode("cp1252"))).content.decode()
    assert '<tr class="import-created"><td>irkutsk.txt</td>' in page
    assert "<td>Windows-1252</td>" in page
    assert "<td>UTF-8</td>" not in page


@pytest.mark.parametrize(
    "data",
    [
        # UTF-8 with one Windows-1252 byte: read as Windows-1252, "–" would become "â€“".
        TEXT.replace("Irkutsk,", "Côte,").encode().replace("Côte".encode(), b"C\xf4te"),
        # A byte that Windows-1252 does not define either: it used to be read as Latin-1.
        TEXT.encode() + b"\x81",
        # Cyrillic in KOI8-R reads as Latin letters, not as text.
        TEXT.replace("Irkutsk", "Иркутск").encode("koi8-r", errors="replace"),
    ],
    ids=["damaged utf-8", "undefined byte", "koi8-r"],
)
def test_a_file_that_cannot_be_decoded_honestly_is_refused(client, uploader, data):
    page = preview(client, upload("odd.txt", data)).content.decode()
    assert '<tr class="import-failed"><td>odd.txt</td>' in page
    assert "is not valid) nor UTF-16 with a byte-order mark nor Windows-1252 text" in page
    assert "0 to create" in page


@pytest.mark.parametrize(
    ("data", "text", "encoding"),
    [
        ("Côte – 2009".encode(), "Côte – 2009", "utf-8"),
        (codecs.BOM_UTF8 + "Côte".encode(), "Côte", "utf-8-sig"),
        (codecs.BOM_UTF16_BE + "Côte".encode("utf-16-be"), "Côte", "utf-16"),
        ("Côte d’Ivoire – 2009".encode("cp1252"), "Côte d’Ivoire – 2009", "cp1252"),
    ],
)
def test_the_encodings_a_text_file_may_have(data, text, encoding):
    assert decode_text(data) == (text, encoding)


@pytest.mark.parametrize(
    "data",
    [bytes(range(256)) * 4, codecs.BOM_UTF16_LE + b"\x00\xd8", codecs.BOM_UTF8 + b"\xff"],
)
def test_binary_data_or_a_false_byte_order_mark_is_refused(data):
    with pytest.raises(ExtractError, match="save it as UTF-8 and try again"):
        decode_text(data)


# -- 4. File names ------------------------------------------------------------------------------


def test_a_file_name_of_255_characters_imports_cleanly(client, uploader):
    name = "n" * 251 + ".txt"
    response = preview(client, upload(name, TEXT))
    assert response.status_code == 200
    assert f"<td>{name}</td>" in response.content.decode()
    assert confirm(client).status_code == 200
    assert Revision.objects.get().source == name


def test_a_path_longer_than_the_source_field_keeps_its_end(reviewer, tmp_path):
    folder = tmp_path
    while len(str(folder)) < 520:
        folder = folder / ("d" * 100)
    folder.mkdir(parents=True)
    (folder / "irkutsk-2009.txt").write_text(TEXT)
    call_command("import_notes", str(tmp_path), user="reviewer", stdout=io.StringIO())
    source = Revision.objects.get().source
    assert len(source) == Revision._meta.get_field("source").max_length
    assert source.startswith("…d") and source.endswith("/irkutsk-2009.txt")


def test_control_characters_are_taken_out_of_a_file_name(reviewer, tmp_path):
    # (Browsers and Django's upload handling already leave them out of uploaded names.)
    (tmp_path / "irkutsk\x07\x1b.txt").write_text(TEXT)
    call_command("import_notes", str(tmp_path), user="reviewer", stdout=io.StringIO())
    assert Revision.objects.get().source == str(tmp_path / "irkutsk.txt")


# -- 5. Control characters ----------------------------------------------------------------------


def test_control_characters_are_taken_out_of_the_imported_text(client, uploader):
    text = TEXT.replace("Many speakers", "Many\x00 speak\x1bers\x07")
    preview(client, upload("irkutsk.txt", text))
    confirm(client)
    note = Note.objects.get()
    assert note.highlights.startswith("Many speakers")
    assert not any(ord(char) < 32 and char not in "\t\n\r" for char in note.highlights)
    assert Event.objects.get().title == IRKUTSK_NOTE.event_title


def test_control_characters_are_taken_out_of_pdf_text():
    # (Word files cannot hold them: XML does not allow them.)
    text = TEXT.replace("Many speakers", "Many\x01 speakers\x0b")
    assert "Many speakers" in extract("note.pdf", make_pdf(text)).text


def test_only_c0_control_characters_but_tab_and_line_breaks_are_taken_out():
    text = "a\x00b\x1fc\td\ne\rf\x7fé"
    assert extract("note.txt", text.encode()).text == "abc\td\ne\rf\x7fé"
