"""The public pages the benchmark measures, found in the database it measures.

python -m bench.paths      # prints them, and the hashed static file, as JSON
                           # (the settings come from the environment)
"""

import json
import os
import re
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

# The file every public page links to: the baseline of the benchmark.
STATIC_FILE = "css/public.css"
# A word worth searching: letters only, long enough not to be a stop word.
SEARCHABLE = re.compile(r"^\w{7,}$")
# The rank, in the English word list, of the word searched: one in a quarter or so of the notes.
SEARCH_RANK = 500
# New searches: two words of these ranks each, a different pair on every request, so that each
# is the first request of its query (the page cache cannot answer it).
NEW_SEARCH_RANKS = range(100, 3100)
NEW_SEARCHES = 20_000


def public_pages(search=None):
    """[(label, path)] of the public pages, in the order they are measured."""
    from contacts.models import Country
    from notes.models import Note
    from notes.public_filters import public_events

    published = Note.objects.published().select_related("event", "live_revision")
    middle = _middle(published.filter(language="en")) or _middle(published)
    if middle is None:
        raise LookupError("No published note: seed the database first (manage.py seed_scale).")
    search = search or search_word(middle.live_revision.highlights) or "resolution"
    busiest = (
        public_events()
        .exclude(country=None)
        .values("country")
        .annotate(events=Count("pk"))
        .order_by("-events", "country")
        .first()
    )
    country = Country.objects.get(pk=busiest["country"]) if busiest else Country.objects.first()
    return [
        ("home", reverse("home")),
        ("notes", reverse("notes-list")),
        (f"search «{search}»", f"{reverse('notes-list')}?{urlencode({'q': search})}"),
        ("search, a new query each time", new_searches()[0]),
        ("note", middle.get_absolute_url()),
        ("events", reverse("events-list")),
        ("event", reverse("events-detail", args=[middle.event.slug])),
        ("countries", reverse("countries-list")),
        (f"country {country.iso3} (most events)", reverse("countries-detail", args=[country.iso3])),
        ("Atom feed", reverse("feeds-notes")),
        ("iCalendar", reverse("feeds-events")),
        ("sitemap", reverse("sitemap")),
    ]


def _middle(notes):
    """The published note in the middle of the id order: neither the first nor the last."""
    count = notes.count()
    return notes.order_by("pk")[count // 2] if count else None


def search_word(text):
    """A word of this text that a quarter or so of the notes use: of its words worth searching,
    the one whose rank in the dataset's English vocabulary is nearest to SEARCH_RANK (the most
    common words are in nearly every note, the rarest in a handful)."""
    from bench.dataset import vocabulary

    ranks = {word.lower(): rank for rank, word in enumerate(vocabulary("en").words)}
    words = {word.lower() for word in re.findall(r"\w+", text) if SEARCHABLE.match(word)}
    known = [word for word in words if word in ranks and not any(c.isdigit() for c in word)]
    return min(known, key=lambda word: (abs(ranks[word] - SEARCH_RANK), word), default=None)


def new_searches(count=NEW_SEARCHES, seed=1):
    """Addresses of `count` searches of two common English words, all different."""
    import random

    from bench.dataset import vocabulary

    words = [
        word.lower()
        for word in vocabulary("en").words[NEW_SEARCH_RANKS.start : NEW_SEARCH_RANKS.stop]
        if SEARCHABLE.match(word)
    ]
    rng, found = random.Random(seed), set()
    while len(found) < count:
        found.add(" ".join(sorted(rng.sample(words, 2))))
    return [f"{reverse('notes-list')}?{urlencode({'q': query})}" for query in sorted(found)]


def uncached_pages(pages, notes):
    """The pages measured again with the cache off: what a reader waits for on a miss. The note
    is a different one on each request, as readers arriving from a search engine ask."""
    wanted = {"home", "notes", "event"}
    found = [(f"{label} (cache off)", path) for label, path in pages if label in wanted]
    return [*found, ("note (cache off)", notes[0])]


def note_addresses(count=NEW_SEARCHES):
    """The addresses of up to `count` published notes, spread over the whole collection."""
    from notes.models import Note

    notes = Note.objects.published().select_related("event").only("slug", "event__start_date")
    total = notes.count()
    step = max(1, total // count)
    return [note.get_absolute_url() for note in notes.order_by("pk")[::step][:count]]


def static_file():
    """The address of the public stylesheet, with its hashed name (production storage)."""
    from django.templatetags.static import static

    return static(STATIC_FILE)


def main():
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outreach.settings")
    django.setup()
    pages = public_pages(os.environ.get("BENCH_SEARCH") or None)
    searches, notes = new_searches(), note_addresses()
    found = {
        "static": static_file(),
        "pages": pages,
        "uncached": uncached_pages(pages, notes),
        # A page whose path is a key here is asked for as any of these addresses, at random.
        "varied": {searches[0]: searches, notes[0]: notes},
    }
    print(json.dumps(found, ensure_ascii=False))


if __name__ == "__main__":
    main()
