"""Reading archived Information Notes: the real Irkutsk note, layout variants, what needs
attention, what is not a note, dates, venues and participants. The corpus of awkward samples
is read in test_archive_corpus.py."""

import dataclasses
import datetime
from pathlib import Path

import pytest

from notes.archive.dates import read_dates
from notes.archive.parser import Attention, ParsedNote, ParseError, parse_date_range, parse_note
from notes.archive.participants import read_participants
from notes.archive.places import read_place

SAMPLES = Path(__file__).resolve().parent / "samples" / "notes"
# The real note, as extracted from its PDF.
IRKUTSK = SAMPLES / "irkutsk-2009-original.txt"
CONTACT = (
    "For further information, please contact the 1540 Committee experts by e-mail at "
    "1540experts@un.org."
)


def read(path: Path) -> str:
    # Not read_text(): universal newlines would hide the Windows line endings under test.
    return path.read_bytes().decode("utf-8")


def sample(name: str) -> ParsedNote:
    """The sample as read, but for its header lines, which its JSON in the corpus holds."""
    return dataclasses.replace(parse_note(read(SAMPLES / name)), header_lines=())


IRKUTSK_NOTE = ParsedNote(
    event_title=(
        "8th Meeting of Heads of Special Services, Security Organizations, and "
        "Law-Enforcement Organizations"
    ),
    organizers=("The Federal Security Service of the Russian Federation",),
    start_date=datetime.date(2009, 6, 23),
    end_date=datetime.date(2009, 6, 25),
    city="Irkutsk",
    country="Russian Federation",
    states_count=57,
    states=(),
    organizations=(
        "UN Security Council Committee 1267",
        "UN Security Council Counter-Terrorism Committee",
        "Regional Anti-Terrorist Structure of the Shanghai Cooperation Organization (SCO RATS)",
        "Anti-Terrorist Center of the Commonwealth of Independent States (CIS ATC)",
        "1540 Committee Chairman",
        "1540 Committee expert",
    ),
    objectives=(
        "- raise awareness about the importance of the implementation of resolution 1540 (2004);\n"
        "- establish contacts and lead consultations with Member States of the Commonwealth of "
        "Independent States on issues related to resolution 1540 (2004)."
    ),
    background=(
        "This three-day workshop was the 8th such event organized by the Federal Security "
        "Service of Russia."
    ),
    highlights=(
        "Many speakers pointed out that the prevention of non-State actors from access to WMD, "
        "their means of delivery and related materials is an important element of a global "
        "counter-terrorism strategy. The 1540 Committee Chairman presentation highlighted the "
        "requirements of resolution 1540 (2004) and the tools available for UN Member States to "
        "improve physical security of related materials and export controls and to facilitate "
        "information exchanges. The Chairman underlined that resolution 1540 (2004) was directed "
        "against the potential nexus between WMD proliferation and international terrorism.\n\n"
        "The participants from international organizations expressed their concern about the "
        "continuing terrorist efforts to threaten international peace and security. They "
        "underlined the necessity to elaborate common approaches to countering terrorism, "
        "including measures to enhance international cooperation, liaison, law enforcement "
        "coordination, exchange of experience and lessons learned at national, regional, "
        "sub-regional and international levels.\n\n"
        "Both the 1540 Committee Chairman and expert had the opportunity to meet with delegates "
        "and discuss issues related to the implementation of resolution 1540 (2004)."
    ),
    additional_comments="",
    contact_line=CONTACT,
    has_disclaimer=True,
    header_lines=(
        "Event:\t8th Meeting of Heads of Special Services, Security Organizations, and "
        "Law-Enforcement Organizations",
        "Organizers:\tThe Federal Security Service of the Russian Federation",
        "Date and Venue:\t23-25 June 2009; Irkutsk, Russian Federation",
        # The tags (<i>) are gone: a header line is kept as it reads.
        "Participants:\tStates: 57 States International organizations: UN Security Council "
        "Committee 1267, UN Security Council Counter-Terrorism Committee, Regional Anti-Terrorist "
        "Structure of the Shanghai Cooperation Organization (SCO RATS), Anti-Terrorist Center of "
        "the Commonwealth of Independent States (CIS ATC), 1540 Committee Chairman, 1540 "
        "Committee expert",
    ),
)


def test_it_reads_the_irkutsk_sample_as_it_is():
    assert parse_note(read(IRKUTSK)) == IRKUTSK_NOTE


def test_it_keeps_the_disclaimer_out_of_the_irkutsk_highlights():
    highlights = parse_note(read(IRKUTSK)).highlights
    assert "official report" not in highlights
    assert len(highlights.split("\n\n")) == 3


def test_it_reads_the_irkutsk_sample_the_same_with_windows_line_endings():
    text = read(IRKUTSK).replace("\n", "\r\n")
    assert parse_note(text) == IRKUTSK_NOTE


def test_it_trims_a_footer_code_glued_to_the_irkutsk_contact_line():
    text = read(IRKUTSK).rstrip() + "2.7.18"
    assert parse_note(text) == IRKUTSK_NOTE


def test_it_reads_colons_wrapped_values_and_a_list_of_states():
    assert sample("tashkent-2010-colons-and-wrapped-values.txt") == ParsedNote(
        event_title=(
            "Regional Workshop on the Implementation of Resolution 1540 (2004) for "
            "Central Asian States"
        ),
        organizers=(
            "The Government of Uzbekistan",
            "The Organization for Security and Co-operation in Europe (OSCE) Office of the "
            "Secretary General",
        ),
        start_date=datetime.date(2010, 6, 30),
        end_date=datetime.date(2010, 7, 2),
        city="Tashkent",
        country="Uzbekistan",
        states_count=None,
        states=("Kazakhstan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Uzbekistan"),
        organizations=(
            "OSCE",
            "IAEA",
            "UNODC (Terrorism Prevention Branch, Vienna)",
            "1540 Committee experts",
        ),
        objectives=(
            "- help the States of the region identify their needs for assistance in "
            "implementing resolution 1540 (2004);\n"
            "- present the 1540 Committee's matrix and the national reports process."
        ),
        background=(
            "The workshop followed a request of the Government of Uzbekistan to the 1540 "
            "Committee. It was the first of its kind in Central Asia."
        ),
        highlights=(
            "Each State presented its national measures. The experts explained the matrix.\n\n"
            "The OSCE offered to help draft national action plans."
        ),
        additional_comments="The 1540 Committee experts will follow up with each State in 2011.",
        contact_line=CONTACT,
        has_disclaimer=False,
    )


def test_it_reads_spaced_labels_and_unnumbered_reordered_headings():
    assert sample("vienna-2011-spaces-and-unnumbered-headings.txt") == ParsedNote(
        event_title="Seminar on Export Controls and Border Security",
        organizers=("The Government of Austria", "The European Union"),
        start_date=datetime.date(2011, 2, 28),
        end_date=datetime.date(2011, 3, 1),
        city="Vienna",
        country="Austria",
        states_count=24,
        states=(),
        organizations=(
            "European Union",
            "Wassenaar Arrangement",
            "World Customs Organization (WCO)",
        ),
        objectives=(
            "- share national practice on export licensing;\n"
            "- discuss enforcement of border controls."
        ),
        background="Austria hosted the seminar as part of its 2011 outreach programme.",
        highlights="The participants compared licensing systems.",
        additional_comments="None.",
        contact_line="",
        has_disclaimer=True,
    )


def test_it_removes_page_furniture_and_mends_hyphenation():
    assert sample("bangkok-2012-page-breaks.txt") == ParsedNote(
        event_title=(
            "Asia-Pacific Conference on Strategic Trade Controls and the Legal Frameworks for "
            "Non-Proliferation"
        ),
        organizers=("The Ministry of Foreign Affairs of the Kingdom of Thailand",),
        start_date=datetime.date(2011, 12, 30),
        end_date=datetime.date(2012, 1, 2),
        city="Bangkok",
        country="Thailand",
        states_count=18,
        states=(),
        organizations=("ASEAN Regional Forum (ARF)", "Asia-Pacific Economic Cooperation (APEC)"),
        objectives=(
            "- support the development of national regulations on strategic trade controls;\n"
            "- promote non-proliferation partnerships across the region."
        ),
        background="Thailand first hosted the conference in 2009.",
        highlights=(
            "The participants reviewed the regional situation and noted that the legal "
            "frameworks of the region still differ widely.\n\n"
            "The experts presented the 1540 Committee's assistance mechanism."
        ),
        additional_comments="",
        contact_line=CONTACT,
        has_disclaimer=True,
    )


def test_it_reads_windows_line_endings_roman_numerals_and_a_country_only_venue():
    assert "\r\n" in read(SAMPLES / "hanoi-2013-windows-line-endings-and-roman-numerals.txt")
    assert sample("hanoi-2013-windows-line-endings-and-roman-numerals.txt") == ParsedNote(
        event_title="National Round-Table on Resolution 1540 (2004)",
        organizers=("The Government of Viet Nam",),
        start_date=datetime.date(2013, 5, 3),
        end_date=datetime.date(2013, 5, 5),
        city="",
        country="Viet Nam",
        states_count=35,
        states=(),
        organizations=(),
        objectives="- review the draft national action plan.",
        background="The round-table took place at the request of the Government.",
        highlights="The ministries agreed on a timetable & a lead agency.",
        additional_comments=(
            "The draft plan will be submitted in 2014.\n\n"
            "**Follow-up**\n\n"
            "The experts will visit again in 2014."
        ),
        contact_line="",
        has_disclaimer=False,
    )


def test_it_keeps_an_unknown_section_under_additional_comments():
    assert sample("panama-2014-unknown-section.txt") == ParsedNote(
        event_title="Regional Workshop for Latin American States on Resolution 1540 (2004)",
        organizers=(
            "The Government of Panama",
            "The Organization of American States (OAS)",
            "The United Nations Office for Disarmament Affairs (UNODA)",
        ),
        start_date=datetime.date(2014, 9, 1),
        end_date=datetime.date(2014, 9, 3),
        city="Panama City",
        country="Panama",
        states_count=12,
        states=(),
        organizations=(
            "OAS (Inter-American Committee against Terrorism, CICTE)",
            "UNODA",
            "the Caribbean Community (CARICOM)",
        ),
        objectives=(
            "1. identify the needs of the participating States;\n"
            "2. match those needs with offers of assistance."
        ),
        background="The workshop was the second in the region.",
        highlights="The participating States described their progress.",
        additional_comments=(
            "The OAS will publish the workshop's report.\n\n"
            "**Follow-up**\n\n"
            "- The experts will send the matrix to each State.\n"
            "- A regional meeting is planned for 2015."
        ),
        contact_line=CONTACT,
        has_disclaimer=False,
    )


def test_it_reads_separate_date_and_venue_lines_and_states_named_with_and():
    assert sample("port-of-spain-2015-listed-states.txt") == ParsedNote(
        event_title="Caribbean Subregional Workshop on Border and Export Controls",
        organizers=("CARICOM Secretariat",),
        start_date=datetime.date(2015, 5, 15),
        end_date=datetime.date(2015, 5, 15),
        city="Port of Spain",
        country="Trinidad and Tobago",
        states_count=None,
        states=("Antigua and Barbuda", "Barbados", "Jamaica", "Trinidad and Tobago"),
        organizations=(),
        objectives="- strengthen border controls.",
        background="",
        highlights="The workshop reviewed model legislation for the subregion.",
        additional_comments="",
        contact_line=CONTACT,
        has_disclaimer=False,
        # The template's four sections: this note has no background.
        attention=(Attention("sections", "Background"),),
    )


def test_a_note_without_an_event_line_is_read_and_the_event_needs_attention():
    # Once a ParseError at line 1; the rest of the note is there to read.
    note = sample("malformed-no-event.txt")
    assert (note.event_title, note.organizers, note.start_date, note.country) == (
        "",
        ("The Government of Chile",),
        datetime.date(2016, 4, 4),
        "Chile",
    )
    assert note.attention[0] == Attention("event", "")
    assert not note.is_complete


def test_a_date_that_cannot_be_read_is_kept_as_written_and_the_venue_still_read():
    # Once a ParseError at line 5 ("a date such as '23-25 June 2009'").
    note = sample("malformed-bad-date.txt")
    assert (note.start_date, note.end_date, note.days) == (None, None, ())
    assert (note.city, note.country) == ("Santiago", "Chile")
    assert Attention("date", "sometime in April 2016; Santiago, Chile") in note.attention
    assert note.objectives == "- raise awareness of resolution 1540 (2004)."


def test_text_under_no_heading_is_kept_in_the_additional_comments():
    # Once a ParseError at line 8 ("a numbered section such as '1. Objectives'").
    note = sample("malformed-no-sections.txt")
    assert note.additional_comments == (
        "The workshop raised awareness of resolution 1540 (2004).\n\n"
        "The participants asked for a second workshop."
    )
    assert note.attention == (
        Attention("sections", "Objectives"),
        Attention("sections", "Background"),
        Attention("sections", "Highlights"),
        Attention("sections", "Additional comments"),
        Attention("sections", "The workshop raised awareness of resolution 1540 (2004)."),
    )


def test_a_text_with_neither_header_nor_sections_is_not_a_note():
    with pytest.raises(ParseError) as caught:
        sample("not-a-note-meeting-minutes.txt")
    assert str(caught.value) == "line 1: expected an 'Event:' header line"


def test_one_label_alone_is_not_a_header():
    # An e-mail's "Date:" line does not make a note of it.
    with pytest.raises(ParseError):
        parse_note("Date: Monday, 3 May 2021\n\nPlease find the minutes attached.\n")


def test_sections_without_a_header_make_a_note_whose_header_needs_attention():
    note = parse_note("Workshop in Lima\n\n1. Objectives\n\n- a.\n")
    assert note.objectives == "- a."
    assert note.header_lines == ("Workshop in Lima",)
    assert [item.part for item in note.attention] == [
        "event", "organizers", "date", "venue", "participants",
        "sections", "sections", "sections", "header",
    ]  # fmt: skip


@pytest.mark.parametrize("text", ["", "\n\n", "Information Note¹\n"])
def test_it_refuses_an_empty_note_at_line_one(text):
    with pytest.raises(ParseError) as caught:
        parse_note(text)
    assert (caught.value.line, caught.value.expected) == (1, "an 'Event:' header line")


def test_a_header_without_a_date_line_leaves_the_dates_to_attention():
    # Once a ParseError at line 4 ("a 'Date and Venue:' header line").
    text = "Event:\tWorkshop\nOrganizers:\tThe Government of Chile\n\n1. Objectives\n\n- a.\n"
    note = parse_note(text)
    assert (note.start_date, note.end_date) == (None, None)
    assert Attention("date", "") in note.attention
    assert Attention("venue", "") in note.attention


def test_a_header_that_ends_the_text_makes_a_note_whose_sections_need_attention():
    # Once a ParseError at line 3.
    note = parse_note("Event:\tWorkshop\nDate and Venue:\t4-5 April 2016; Santiago, Chile\n")
    assert note.event_title == "Workshop"
    assert [item.text for item in note.attention if item.part == "sections"] == [
        "Objectives",
        "Background",
        "Highlights",
        "Additional comments",
    ]


def test_a_numbered_list_in_a_section_is_not_taken_for_a_heading():
    text = (
        "Event:\tWorkshop\nDate and Venue:\t4-5 April 2016; Santiago, Chile\n\n"
        "1. Objectives\n\n- a.\n\n2. Background\n\n1. Export controls\n2. Border security\n"
    )
    note = parse_note(text)
    assert note.background == "1. Export controls\n2. Border security"
    assert note.additional_comments == ""


def test_it_splits_a_date_line_without_venue_from_a_separate_venue_line():
    text = "Event: W\nDate: 4-5 April 2016\nVenue: Santiago, Chile\n\nObjectives\n- a.\n"
    note = parse_note(text)
    assert (note.start_date, note.city, note.country) == (
        datetime.date(2016, 4, 4),
        "Santiago",
        "Chile",
    )


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("23-25 June 2009", (2009, 6, 23), (2009, 6, 25)),
        ("23–25 June 2009", (2009, 6, 23), (2009, 6, 25)),
        ("23 - 25 June 2009", (2009, 6, 23), (2009, 6, 25)),
        ("30 June - 2 July 2010", (2010, 6, 30), (2010, 7, 2)),
        ("28 February–1 March 2011", (2011, 2, 28), (2011, 3, 1)),
        ("15 May 2012", (2012, 5, 15), (2012, 5, 15)),
        ("December 30, 2011 - January 2, 2012", (2011, 12, 30), (2012, 1, 2)),
        ("30 December 2011 - 2 January 2012", (2011, 12, 30), (2012, 1, 2)),
        ("30 December - 2 January 2012", (2011, 12, 30), (2012, 1, 2)),
        ("3 to 5 May 2013", (2013, 5, 3), (2013, 5, 5)),
        ("1-3 Sept. 2014", (2014, 9, 1), (2014, 9, 3)),
        ("1-3 Sep 2014", (2014, 9, 1), (2014, 9, 3)),
        ("June 23-25, 2009", (2009, 6, 23), (2009, 6, 25)),
        ("May 15, 2012", (2012, 5, 15), (2012, 5, 15)),
        ("Tuesday, 23rd June 2009", (2009, 6, 23), (2009, 6, 23)),
    ],
)
def test_date_range_forms(text, start, end):
    assert parse_date_range(text) == (datetime.date(*start), datetime.date(*end))


def test_date_range_across_months():
    assert parse_date_range("30 June - 2 July 2010") == (
        datetime.date(2010, 6, 30),
        datetime.date(2010, 7, 2),
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "is not a date"),
        ("June 2009", "is not a date"),
        ("23 June", "lacks a month or a year"),
        ("23-25 Juin 2009", "'juin' is not a month"),
        ("sometime in June 2009", "is not a month"),
        ("25-23 June 2009", "ends (2009-06-23) before it starts (2009-06-25)"),
        ("2 July - 30 June 2010", "ends (2010-06-30) before it starts (2010-07-02)"),
        ("31 June 2009", "names a day that does not exist"),
        ("23 24 June 2009", "has two days"),
    ],
)
def test_date_range_refuses_what_it_cannot_read(text, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_date_range(text)


def test_organizers_separated_by_semicolons_may_wrap_anywhere():
    text = (
        "Event:\tWorkshop\nOrganizers:\tThe Government of Panama; The United\n"
        "\tNations Office for Disarmament Affairs (UNODA)\n"
        "Date and Venue:\t4-5 April 2016; Panama City, Panama\n\n1. Objectives\n\n- a.\n"
    )
    assert parse_note(text).organizers == (
        "The Government of Panama",
        "The United Nations Office for Disarmament Affairs (UNODA)",
    )


D = datetime.date


@pytest.mark.parametrize(
    ("text", "first", "last", "days"),
    [
        ("2, 9 and 16 March 2021", D(2021, 3, 2), D(2021, 3, 16),
         (D(2021, 3, 2), D(2021, 3, 9), D(2021, 3, 16))),
        ("March 2, 9 and 16, 2021", D(2021, 3, 2), D(2021, 3, 16),
         (D(2021, 3, 2), D(2021, 3, 9), D(2021, 3, 16))),
        ("28 February and 3 March 2008", D(2008, 2, 28), D(2008, 3, 3),
         (D(2008, 2, 28), D(2008, 3, 3))),
        ("3-4 and 10-11 May 2021", D(2021, 5, 3), D(2021, 5, 11),
         (D(2021, 5, 3), D(2021, 5, 4), D(2021, 5, 10), D(2021, 5, 11))),
        # Days that follow one another are one run: no list of days.
        ("14 and 15 April 2012", D(2012, 4, 14), D(2012, 4, 15), ()),
        ("Thursday, 1 and Friday, 2 October 2009", D(2009, 10, 1), D(2009, 10, 2), ()),
        ("Monday, 3 May 2021", D(2021, 5, 3), D(2021, 5, 3), ()),
        ("Tuesday 3 – Thursday 5 March 2015", D(2015, 3, 3), D(2015, 3, 5), ()),
        ("3rd–5th June 2014", D(2014, 6, 3), D(2014, 6, 5), ()),
        ("21st to 23rd of November 2023", D(2023, 11, 21), D(2023, 11, 23), ()),
        ("22—24 June 2020", D(2020, 6, 22), D(2020, 6, 24), ()),
        ("between 3 and 5 May 2013", D(2013, 5, 3), D(2013, 5, 5), ()),
        ("December 29, 2011 — January 3, 2012", D(2011, 12, 29), D(2012, 1, 3), ()),
    ],
)  # fmt: skip
def test_dates_lists_of_days_and_their_days(text, first, last, days):
    assert read_dates(text) == (first, last, days)
    assert parse_date_range(text) == (first, last)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("16, 9 and 2 March 2021", "lists its days out of order"),
        ("2 and 2 March 2021", "lists its days out of order"),
        ("03/05/2021", "is not a month"),
        ("1 January 2020 and 1 January 2022", "spans more than a year"),
        ("3 - 5 - 7 May 2021", "is not a date"),
        ("5 May 20211", "neither a day nor a year"),
    ],
)
def test_dates_refuse_a_list_they_cannot_read(text, message):
    with pytest.raises(ValueError, match=message):
        read_dates(text)


@pytest.mark.parametrize(
    ("text", "city", "country", "format"),
    [
        ("Irkutsk, Russian Federation", "Irkutsk", "Russian Federation", ""),
        ("Bishkek (Kyrgyzstan)", "Bishkek", "Kyrgyzstan", ""),
        ("Vienna International Centre, Vienna, Austria", "Vienna", "Austria", ""),
        ("Almaty, Almaty Region, Kazakhstan", "Almaty", "Kazakhstan", ""),
        ("Iran (Islamic Republic of)", "", "Iran (Islamic Republic of)", ""),
        ("Tehran, Iran (Islamic Republic of)", "Tehran", "Iran (Islamic Republic of)", ""),
        ("Port of Spain, Trinidad and Tobago", "Port of Spain", "Trinidad and Tobago", ""),
        ("Vienna, Austria (in person)", "Vienna", "Austria", ""),
        ("online", "", "", "virtual"),
        ("Online (Zoom)", "", "", "virtual"),
        ("Virtual (WebEx)", "", "", "virtual"),
        ("Videoconference", "", "", "virtual"),
        ("video-conference", "", "", "virtual"),
        ("Hanoi, Vietnam (hybrid)", "Hanoi", "Vietnam", "hybrid"),
        ("Hybrid: Geneva, Switzerland and online", "Geneva", "Switzerland", "hybrid"),
        ("Vienna (Austria) and online", "Vienna", "Austria", "hybrid"),
    ],
)
def test_venues_as_notes_write_them(text, city, country, format):
    place = read_place(text)
    assert (place.city, place.country, place.format, place.doubtful) == (
        city,
        country,
        format,
        False,
    )


def test_a_venue_with_a_remark_is_read_without_it_but_doubtful():
    assert read_place("Santiago, Chile (tbc)") == ("Santiago", "Chile", "", True)


def test_two_venues_are_doubtful():
    assert read_place("Vienna, Austria and Bratislava, Slovakia").doubtful


@pytest.mark.parametrize(
    ("lines", "count", "states", "organizations", "unread"),
    [
        (["57 States"], 57, (), (), ()),
        (["States: some 40 States"], 40, (), (), ()),
        (["States: 12"], 12, (), (), ()),
        (["States: 12 States (30 border officials)"], 12, (), (),
         ("States: 12 States (30 border officials)",)),
        (["States: Chile · Peru · Bolivia"], None, ("Chile", "Peru", "Bolivia"), (), ()),
        (["States:", "Chile", "Peru"], None, ("Chile", "Peru"), (), ()),
        (["States: Chile; Peru and Trinidad and Tobago"], None,
         ("Chile", "Peru", "Trinidad and Tobago"), (), ()),
        (["Other: ANU", "States: 3 States", "Private sector: Orica"], 3, (), ("ANU", "Orica"),
         ()),
        (["States: 25; International organizations: CSTO; IAEA; Civil society: 4 NGOs"], 25, (),
         ("CSTO", "IAEA"), ("Civil society: 4 NGOs",)),
        (["40 participants"], None, (), (), ("40 participants",)),
        (["States: 9 States", "Experts: three"], 9, (), (), ("Experts: three",)),
    ],
)  # fmt: skip
def test_participants_by_category(lines, count, states, organizations, unread):
    assert read_participants(lines) == (count, states, organizations, unread)


@pytest.mark.parametrize(
    "label",
    [
        "Event:",
        "**Event:**",
        "*Event*:",
        "<b>Event</b>:",
        "EVENT\t",
        "Event      ",
        "Event title:",
        "Title of the event:",
        "Evnet Title:",
    ],
)
def test_an_event_label_as_people_type_it(label):
    text = f"{label}Workshop\nDate:\t4 April 2016\n\n1. Objectives\n\n- a.\n"
    assert parse_note(text).event_title == "Workshop"


@pytest.mark.parametrize(
    ("label", "field", "value"),
    [
        ("Organizer:", "organizers", ("UNODA",)),
        ("ORGANISERS\t", "organizers", ("UNODA",)),
        ("Organized by", "organizers", ("UNODA",)),
        ("Hosted by:", "organizers", ("UNODA",)),
        ("Participants (approx.):", "states_count", 12),
        ("Participant:", "states_count", 12),
        ("Particpants:", "states_count", 12),
    ],
)
def test_other_labels_as_people_type_them(label, field, value):
    given = "UNODA" if field == "organizers" else "12 States"
    text = f"Event: W\nDate: 4 April 2016\n{label} {given}\n\nObjectives\n- a.\n"
    assert getattr(parse_note(text), field) == value


@pytest.mark.parametrize(
    "heading",
    [
        "1. Objectives",
        "1) Objectives",
        "I. Objectives",
        "Objectives",
        "OBJECTIVES",
        "Objectives:",
        "1. Objectives of the mission",
        "## 1. Objectives",
        "**1. Objectives**",
        "*Objectives*",
        "Main objectives",
    ],
)
def test_an_objectives_heading_as_people_type_it(heading):
    text = f"Event: W\nDate: 4 April 2016\n\n{heading}\n\n- a.\n"
    assert parse_note(text).objectives == "- a."


def test_a_heading_may_carry_its_text_on_the_same_line():
    text = "Event: W\nDate: 4 April 2016\n\nHighlights: The States agreed.\nThey signed.\n"
    assert parse_note(text).highlights == "The States agreed. They signed."


def test_a_sentence_about_the_objectives_is_not_a_heading():
    text = "Event: W\nDate: 4 April 2016\n\nBackground\n\nThe objectives of the workshop were:\n"
    assert parse_note(text).background == "The objectives of the workshop were:"


def test_an_unknown_heading_in_capitals_is_kept_with_its_heading():
    text = "Event: W\nDate: 4 April 2016\n\nBACKGROUND\n\nA.\n\nFOLLOW-UP\n\nB.\n"
    assert parse_note(text).additional_comments == "**FOLLOW-UP**\n\nB."


@pytest.mark.parametrize("mark", ["¹", "(1)", "[1]", "*", "1", "†"])
@pytest.mark.parametrize("where", ["after the title", "between sections", "at the end"])
def test_the_footnote_is_found_whatever_its_mark_and_place(mark, where):
    footnote = (
        f"{mark} For information – not an official report. The views expressed here do not "
        "necessarily represent those of the 1540 Committee or of the organizers or participants "
        "in the event."
    )
    parts = {
        "after the title": ["Information Note", footnote, ""],
        "between sections": [],
        "at the end": [],
    }
    header = ["Event:\tW", "Date and Venue:\t4 April 2016; Lima, Peru", ""]
    body = ["1. Objectives", "", "- a.", ""]
    body += [footnote, ""] if where == "between sections" else []
    body += ["2. Background", "", "B.", ""]
    body += [footnote] if where == "at the end" else []
    note = parse_note("\n".join(parts[where] + header + body))
    assert (note.has_disclaimer, note.objectives, note.background) == (True, "- a.", "B.")


@pytest.mark.parametrize(
    "furniture",
    ["1", "- 1 -", "Page 1", "Page 1 of 3", "Page | 1", "1 | Page", "p. 1", "S/AC.44/2014/INF.3",
     "S/AC.44/2014/INF.3 Page 1", "This page intentionally left blank"],
)  # fmt: skip
def test_page_furniture_above_the_header_is_dropped(furniture):
    text = f"{furniture}\n\nInformation Note\n\nEvent:\tW\nDate:\t4 April 2016\n\n1. Objectives\n- a.\n"
    note = parse_note(text)
    assert note.header_lines == ("Event:\tW", "Date:\t4 April 2016")
    assert note.objectives == "- a."


def test_a_header_label_we_do_not_know_is_kept_for_attention():
    text = "Event: W\nDate: 4 April 2016\nLanguage: Spanish\n\nObjectives\n- a.\n"
    note = parse_note(text)
    assert Attention("header", "Language: Spanish") in note.attention
    assert note.header_lines == ("Event: W", "Date: 4 April 2016", "Language: Spanish")


@pytest.mark.parametrize(
    ("organizers", "names"),
    [
        ("The Government of Egypt in cooperation with the League of Arab States",
         ("The Government of Egypt", "the League of Arab States")),
        ("The Government of Panama, the OAS and UNODA",
         ("The Government of Panama", "the OAS", "UNODA")),
        ("Ministry of Foreign Affairs, Trade and Development",
         ("Ministry of Foreign Affairs, Trade and Development",)),
        ("SADC Secretariat · The Government of Namibia",
         ("SADC Secretariat", "The Government of Namibia")),
        ("The Ministry of Trade of Türkiye (host)", ("The Ministry of Trade of Türkiye",)),
    ],
)  # fmt: skip
def test_organizers_as_people_list_them(organizers, names):
    text = f"Event: W\nOrganizers: {organizers}\nDate: 4 April 2016\n\nObjectives\n- a.\n"
    assert parse_note(text).organizers == names


def test_a_note_read_completely_is_complete():
    assert parse_note(read(IRKUTSK)).is_complete


# Header values and lines that the forgiving reading looks into, each as long as a hostile file
# makes them: read in linear time (the guard allows far more than they need).
LONG = 100_000
LONG_VALUES = {
    "disclaimer": "For information" + " " * LONG + "x",
    "label": "Event" + " " * LONG + "x",
    "organized by": "Organized" + " " * LONG + "by x",
    "emphasis": " *a" * (LONG // 3),
    "document symbol": "S/" + "1" * LONG,
    "participants": "Participants:\tStates" + " " * LONG + "x",
    "participants categories": "Participants:\t" + "other " * (LONG // 6) + "x",
    "participants count": "Participants:\tStates: more" + " " * LONG + "x",
    "participants dots": "Participants:\tStates: " + "·" * LONG,
    "venue": "Date and Venue:\t23-25 June 2009; " + "a," * (LONG // 2),
    "venue online": "Date and Venue:\t23-25 June 2009; " + "online and " * (LONG // 11),
    "venue parentheses": "Date and Venue:\t23-25 June 2009; " + "(a" * (LONG // 2),
    "venue first": "Date and Venue:\t" + "a " * (LONG // 2) + "23-25 June 2009",
    "organizers": "Organizers:\t" + "a, the b and " * (LONG // 13),
    "organizer roles": "Organizers:\t" + " (a" * (LONG // 3),
}


@pytest.mark.parametrize("line", LONG_VALUES.values(), ids=LONG_VALUES.keys())
def test_a_long_line_is_read_in_linear_time(line):
    from tests.test_import_safety import finishes_within

    label = line.split("\t")[0]
    rows = read(IRKUTSK).splitlines()
    if "\t" in line:
        rows = [line if row.startswith(label) else row for row in rows]
    else:
        rows.insert(rows.index("3. Highlights") + 1, line)
    with finishes_within(10):
        note = parse_note("\n".join(rows))
    assert note.objectives == IRKUTSK_NOTE.objectives


def test_a_long_paragraph_is_read_in_linear_time():
    from tests.test_import_safety import finishes_within

    text = read(IRKUTSK).replace("Many speakers", "a line of a long paragraph\n" * 50_000)
    with finishes_within(10):
        assert parse_note(text).highlights.startswith("a line of a long paragraph a line")
