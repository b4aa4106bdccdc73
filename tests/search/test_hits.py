from forum.search.hits import START, STOP, safe_snippet


def test_a_snippet_escapes_text_and_keeps_only_the_marks():
    marked = f"&lt;script&gt;x&lt;/script&gt; {START}word{STOP} &amp;lt; <b onclick=1>tag</b>"

    assert safe_snippet(marked) == ("&lt;script&gt;x&lt;/script&gt; <mark>word</mark> &amp;lt; tag")


def test_a_snippet_never_leaves_a_mark_open():
    assert safe_snippet(f"{START}word") == "<mark>word</mark>"
    assert safe_snippet(f"word{STOP}") == "word"


def test_a_mark_typed_in_a_post_is_text():
    assert safe_snippet("&lt;search-hit&gt;x") == "&lt;search-hit&gt;x"
