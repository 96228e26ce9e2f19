"""{% states_list states count link %}: an event's participating States, by one rule on every
page that shows them (templates/events/_states.html).

Written in Python rather than as a template loop: an event may list every State, and a note
page, an event page and each document render the list; a template node and a URL reversal per
name cost more than the rest of the list together."""

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext, pgettext

register = template.Library()

# Reversed once per list: each State's address is this one with its own code.
PLACEHOLDER = "XXX"


@register.simple_tag
def states_list(states, count=None, link=False):
    """ "57 States, including A, B" when a count is known and some are listed; else the names
    of the listed States; "—" when there is neither. With `link`, each name links to its
    country page."""
    names = _names(states, link)
    if not count:
        return names or "—"
    counted = ngettext("%(counter)s State", "%(counter)s States", count) % {"counter": count}
    if not names:
        return counted
    # One sentence to translate, so that each language orders and punctuates it its own way.
    sentence = pgettext("participating States", "%(count)s, including %(names)s")
    parts = {"count": conditional_escape(counted), "names": names}
    return mark_safe(conditional_escape(sentence) % parts)  # nosec B308 B703 # parts escaped


def _names(states, link):
    states = list(states)
    if not states:
        return ""
    separator = pgettext("between the items of a list", ", ")
    if not link:
        return conditional_escape(separator.join(state.name for state in states))
    address = reverse("countries-detail", args=[PLACEHOLDER])
    links = (
        format_html('<a href="{}">{}</a>', address.replace(PLACEHOLDER, state.iso3), state.name)
        for state in states
    )
    return mark_safe(conditional_escape(separator).join(links))  # nosec B308 B703 # each part escaped
