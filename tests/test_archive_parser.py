"""Reading archived Information Notes: the real Irkutsk note, layout variants, bad input, dates."""

import datetime
from pathlib import Path

import pytest

from notes.archive.parser import ParsedNote, ParseError, parse_date_range, parse_note

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
    return parse_note(read(SAMPLES / name))


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
    )


@pytest.mark.parametrize(
    ("name", "line", "expected"),
    [
        ("malformed-no-event.txt", 1, "an 'Event:' header line"),
        ("malformed-bad-date.txt", 5, "a date such as '23-25 June 2009'"),
        ("malformed-no-sections.txt", 8, "a numbered section such as '1. Objectives'"),
    ],
)
def test_it_names_the_line_where_a_malformed_note_goes_wrong(name, line, expected):
    with pytest.raises(ParseError) as caught:
        sample(name)
    assert (caught.value.line, caught.value.expected) == (line, expected)
    assert str(caught.value) == f"line {line}: expected {expected}"


@pytest.mark.parametrize("text", ["", "\n\n", "Information Note¹\n"])
def test_it_refuses_an_empty_note_at_line_one(text):
    with pytest.raises(ParseError) as caught:
        parse_note(text)
    assert (caught.value.line, caught.value.expected) == (1, "an 'Event:' header line")


def test_it_asks_for_a_date_line_when_the_header_has_none():
    text = "Event:\tWorkshop\nOrganizers:\tThe Government of Chile\n\n1. Objectives\n\n- a.\n"
    with pytest.raises(ParseError) as caught:
        parse_note(text)
    assert (caught.value.line, caught.value.expected) == (4, "a 'Date and Venue:' header line")


def test_it_asks_for_a_section_after_a_header_that_ends_the_text():
    text = "Event:\tWorkshop\nDate and Venue:\t4-5 April 2016; Santiago, Chile\n"
    with pytest.raises(ParseError) as caught:
        parse_note(text)
    assert caught.value.line == 3


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
