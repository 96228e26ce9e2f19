"""The select of the filter forms: options written once per list, the chosen one marked."""

from events.filters import QuickSelect, options_html

CHOICES = [("", "Any organizer"), ("1", "Centre <Régional> & Co"), ("2", 'The "Other" one')]


def render(value, choices=CHOICES):
    widget = QuickSelect(choices=choices)
    return widget.render("organizer", value, attrs={"id": "id_organizer"})


def test_the_chosen_option_is_marked_and_only_it():
    html = render("2")
    assert '<option value="2" selected>' in html
    assert html.count(" selected") == 1
    assert render(None).count('<option value="" selected>') == 1


def test_a_choice_marked_for_one_page_is_not_marked_for_the_next():
    render("1")
    assert " selected" not in render("2").replace('<option value="2" selected>', "")
    assert '<option value="1">' in render("2")


def test_labels_and_values_are_escaped():
    html = render("1")
    assert "Centre &lt;Régional&gt; &amp; Co" in html
    assert "The &quot;Other&quot; one" in html
    hostile = render('"><script>', [('"><script>', "x")])
    assert "<script>" not in hostile
    assert '<option value="&quot;&gt;&lt;script&gt;" selected>' in hostile


def test_a_value_not_offered_marks_nothing():
    assert " selected" not in render("99")


def test_the_options_of_a_list_are_written_once():
    options_html.cache_clear()
    render("1")
    render("2")
    assert options_html.cache_info().hits == 1
