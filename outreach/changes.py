"""Explicit notice that records changed, for the records that show their data elsewhere.

A published note's search words include its event's title and venue and its organizers'
names. The places that save events, organizations or countries (staff pages, admin, imports,
merges) must bring the notes along, but apps import one way (contacts ← events ← notes): an
event page cannot call the notes app. So each such place calls ``records_changed(model, pks)``
right after it saves, and the app that follows those records registers a function for them in
its AppConfig.ready(). This is not a signal: nothing happens inside save(), a bulk update that
does not call it changes nothing else, and every call site can be read and tested.
"""

from collections import defaultdict

_followers = defaultdict(list)


def follow(model_label, callback):
    """Call callback(pks) whenever records of model_label ("events.Event") are said to change."""
    if callback not in _followers[model_label]:
        _followers[model_label].append(callback)


def records_changed(model, pks):
    """Tell the followers of model that the records with these primary keys changed."""
    pks = [pk for pk in pks if pk is not None]
    if pks:
        for callback in _followers[model._meta.label]:
            callback(pks)
