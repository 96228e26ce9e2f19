from notes.markdown import render_markdown


def test_bullets_and_paragraphs_render_as_html():
    html = render_markdown("- one\n- two\n\nA paragraph.")
    assert html == "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<p>A paragraph.</p>\n"


def test_raw_html_is_shown_as_text_not_run():
    html = render_markdown('<script>alert("x")</script> <b>bold</b>')
    assert "<script>" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;" in html


def test_javascript_links_never_become_links():
    html = render_markdown("[click](javascript:alert(1)) <a href='javascript:x'>y</a>")
    assert "<a" not in html


def test_ordinary_links_are_kept_with_nofollow():
    html = render_markdown("[site](https://www.un.org/)")
    assert 'href="https://www.un.org/"' in html
    assert 'rel="nofollow noopener"' in html
