"""Rows of a long ordered list read in two steps, in one query: first their ids, then the rows.

An index that holds the order and the id answers the first step alone, so a deep page skips
index entries rather than whole rows, and a short list is found without the database guessing
wrongly how far it must read (the dashboard's upcoming events); only the rows shown are read."""

from django.core.paginator import Paginator


def rows_by_ids(rows, start, stop):
    """Rows start to stop of the ordered queryset `rows`, as a queryset in the same order."""
    return rows.filter(pk__in=rows.values("pk")[start:stop])


def page_of(rows, number, per_page):
    """The page `number` (as the query string gave it) of `rows`, as Paginator.get_page."""
    page = Paginator(rows.values("pk"), per_page).get_page(number)
    page.object_list = rows.filter(pk__in=page.object_list)
    return page
