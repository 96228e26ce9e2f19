"""The note page's one query, turned into SQL once per database connection.

A note's public page reads one row: the note, its event and the event's country, and its live
revision with the stored document (``select_related`` and ``only()``). Django compiles a queryset
to SQL each time it is evaluated, and for this one that took longer than PostgreSQL takes to run
it: a third of a millisecond, a fifth of what the page costs with the cache off. Its shape never
changes, only the address's slug and year. So the queryset is compiled once, with stand-in
values, and each page runs the same SQL with its own values (on PostgreSQL, the same prepared
statement). The row becomes models as Django's own iterator makes them: the compiler's converters
(JSON, time zones), then ``Model.from_db`` for the note and each model ``select_related`` joined.
"""

import datetime
import weakref

from django.db import connections, router

from notes.models import Note

# What the page shows: the stored document, and for the aside the event and the States the
# revision's header froze; never the sections, which the stored document replaces.
PAGE_FIELDS = (
    "slug",
    "language",
    "first_published_at",
    "last_published_at",
    "event__slug",
    "event__title",
    "event__start_date",
    "event__updated_at",
    "event__has_public_materials",
    "event__published_versions",
    "event__versions_changed_at",
    "event__country__name",
    "event__country__iso3",
    "live_revision__title",
    "live_revision__header_json",
    "live_revision__disclaimer_id",
    "live_revision__document_html",
    "live_revision__document_fingerprint",
)


# Each stand-in is told from the others by its text in the compiled parameters (a backend may
# turn a date into a string), and never meets a real value in the compiled SQL.
STAND_INS = {
    "slug": "page-query-slug",
    "first_day": datetime.date(1, 1, 2),
    "last_day": datetime.date(1, 1, 3),
}

# {connection: (compiler, sql, the stand-in's name for each parameter)}: a compiler keeps its
# connection's converters, and each thread of a threaded server has a connection of its own.
_compiled = weakref.WeakKeyDictionary()


def published_note(*, slug, year):
    """The published note at this address, its event's start date in `year`, or None."""
    values = {
        "slug": slug,
        "first_day": datetime.date(year, 1, 1),
        "last_day": datetime.date(year, 12, 31),
    }
    db = router.db_for_read(Note)
    connection = connections[db]
    if connection not in _compiled:
        _compiled[connection] = _compile(_page_query(**STAND_INS).using(db), connection)
    compiler, sql, names = _compiled[connection]
    params = [_adapted(connection, values[name]) for name in names]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchmany(1)
    for row in compiler.results_iter([rows]):
        return _instance(compiler.klass_info, compiler.select, row, db)
    return None


def _page_query(slug, first_day, last_day):
    notes = Note.objects.published().select_related("event__country", "live_revision")
    notes = notes.only(*PAGE_FIELDS).order_by()
    return notes.filter(slug=slug, event__start_date__range=(first_day, last_day))[:1]


def _compile(queryset, connection):
    compiler = queryset.query.get_compiler(connection=connection)
    sql, params = compiler.as_sql()
    by_text = {str(_adapted(connection, value)): name for name, value in STAND_INS.items()}
    names = [by_text[str(param)] for param in params]
    return compiler, sql, names


def _adapted(connection, value):
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    return value


def _instance(klass_info, select, row, db):
    """The model of `klass_info` from its columns of `row`, with the related models joined to
    it set on it, as django.db.models.query.RelatedPopulator sets them; None for the missing
    side of an outer join (an event without a country)."""
    columns = klass_info["select_fields"]
    start, end = columns[0], columns[-1] + 1
    names = [column[0].target.attname for column in select[start:end]]
    values = row[start:end]
    model = klass_info["model"]
    if values[names.index(model._meta.pk.attname)] is None:
        return None
    instance = model.from_db(db, names, values)
    for related in klass_info.get("related_klass_infos", []):
        joined = _instance(related, select, row, db)
        related["local_setter"](instance, joined)
        if joined is not None:
            related["remote_setter"](joined, instance)
    return instance
