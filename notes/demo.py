"""Demo data for `manage.py load_demo`: the Irkutsk note of 2009 and a few notes in each state."""

import datetime

IRKUTSK = {
    "event": {
        "title": (
            "8th Meeting of Heads of Special Services, Security Organizations, "
            "and Law-Enforcement Organizations"
        ),
        "slug": "8th-meeting-heads-special-services-irkutsk-2009",
        "kind": "meeting",
        "status": "held",
        "start_date": datetime.date(2009, 6, 23),
        "end_date": datetime.date(2009, 6, 25),
        "city": "Irkutsk",
        "country": "RUS",
        "states_count": 57,
        "organizers": ["The Federal Security Service of the Russian Federation"],
        "organizations": [
            "UN Security Council Committee 1267",
            "UN Security Council Counter-Terrorism Committee",
            "Regional Anti-Terrorist Structure of the Shanghai Cooperation Organization",
            "Anti-Terrorist Center of the Commonwealth of Independent States",
            "Security Council Committee established pursuant to resolution 1540 (2004)",
        ],
    },
    "note": {
        "slug": "irkutsk-2009",
        "objectives": (
            "- raise awareness about the importance of the implementation of resolution 1540 (2004);\n"
            "- establish contacts and lead consultations with Member States of the Commonwealth of "
            "Independent States on issues related to resolution 1540 (2004)."
        ),
        "background": (
            "This three-day workshop was the 8th such event organized by the Federal Security "
            "Service of Russia."
        ),
        "highlights": (
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
    },
}

ORGANIZATIONS = [
    ("The Federal Security Service of the Russian Federation", "FSB", "government", "RUS"),
    ("UN Security Council Committee 1267", "", "un_body", None),
    ("UN Security Council Counter-Terrorism Committee", "CTC", "un_body", None),
    (
        "Regional Anti-Terrorist Structure of the Shanghai Cooperation Organization",
        "SCO RATS",
        "regional",
        None,
    ),
    (
        "Anti-Terrorist Center of the Commonwealth of Independent States",
        "CIS ATC",
        "regional",
        None,
    ),
    (
        "Security Council Committee established pursuant to resolution 1540 (2004)",
        "1540 Committee",
        "un_body",
        None,
    ),
    ("Organization for Security and Co-operation in Europe", "OSCE", "regional", None),
    ("International Atomic Energy Agency", "IAEA", "international", None),
    ("African Union", "AU", "regional", None),
    ("Ministry of Foreign Affairs of Viet Nam", "", "government", "VNM"),
]

CONTACTS = [
    (
        "Ms.",
        "Amina Diallo",
        "Director, Non-proliferation",
        "African Union",
        "SEN",
        "a.diallo@example.org",
        "national point of contact",
    ),
    (
        "Mr.",
        "Nguyen Van An",
        "Deputy Director",
        "Ministry of Foreign Affairs of Viet Nam",
        "VNM",
        "nva@example.org",
        "national point of contact",
    ),
    (
        "Dr.",
        "Elena Petrova",
        "Senior Officer",
        "Organization for Security and Co-operation in Europe",
        "AUT",
        "e.petrova@example.org",
        "regional focal point",
    ),
]

# (slug, title, kind, start, end, city, iso3, state of its note, sections)
OTHER_EVENTS = [
    (
        "regional-workshop-dakar-2026",
        "Regional workshop on resolution 1540 (2004) for West African States",
        "workshop",
        datetime.date(2026, 3, 10),
        datetime.date(2026, 3, 12),
        "Dakar",
        "SEN",
        "in_review",
    ),
    (
        "country-visit-viet-nam-2026",
        "Country visit to Viet Nam",
        "country_visit",
        datetime.date(2026, 5, 4),
        datetime.date(2026, 5, 6),
        "Hanoi",
        "VNM",
        "draft",
    ),
    (
        "osce-annual-security-review-2026",
        "OSCE Annual Security Review Conference",
        "conference",
        datetime.date(2026, 6, 23),
        datetime.date(2026, 6, 25),
        "Vienna",
        "AUT",
        "changes_requested",
    ),
]

UPCOMING = (
    "iaea-conference-nuclear-security-2027",
    "International Conference on Nuclear Security",
    "conference",
    datetime.date(2027, 5, 17),
    datetime.date(2027, 5, 21),
    "Vienna",
    "AUT",
)

SECTIONS = {
    "objectives": "- present the obligations of resolution 1540 (2004);\n- discuss national implementation plans.",
    "background": "The event brought together officials responsible for export control and border security.",
    "highlights": "Participants shared practices on licensing and enforcement, and asked for assistance.",
}
