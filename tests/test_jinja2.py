"""The Jinja2 engine of the post fragment (forum.jinja2): it prints what Django's engine printed,
escaping included, and its templates are reached from Django's pages through one tag."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.utils import timezone, translation

from forum.jinja2 import DATE_FORMATS, render_fragment
from forum.posts.services import hide_post, like_post
from tests.factories import PostFactory, UserFactory
from tests.helpers import fix_counters_of, make_thread

SCRIPT = "<script>alert('x')</script>"
SCRIPT_ESCAPED = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;"


def both(django_source, jinja_source, **context):
    """What Django's engine and the Jinja2 engine print for the same template and context."""
    django_text = engines["django"].from_string(django_source).render(context)
    jinja_text = engines["jinja2"].from_string(jinja_source).render(context)
    return django_text, jinja_text


@pytest.mark.parametrize("value", [SCRIPT, "a & b", 'say "hi"', "it's", 7, None, 2.5])
def test_values_are_escaped_as_djangos_engine_escapes_them(value):
    django_text, jinja_text = both("{{ value }}", "{{ value }}", value=value)

    assert jinja_text == django_text


def test_a_missing_attribute_prints_nothing_at_any_depth():
    django_text, jinja_text = both("[{{ a.b.c }}]", "[{{ a.b.c }}]", a=None)

    assert jinja_text == django_text == "[]"


# Every month, both halves of the day, noon and midnight, a leap day.
MOMENTS = [
    datetime.datetime(2026, month, 1 + month * 2, hour, minute, tzinfo=datetime.UTC)
    for month in range(1, 13)
    for hour, minute in ((0, 0), (0, 5), (11, 59), (12, 0), (13, 7), (23, 30))
] + [datetime.datetime(2024, 2, 29, 9, 1, tzinfo=datetime.UTC)]


@pytest.mark.parametrize("date_format", list(DATE_FORMATS) + ["D, d M Y H:i"])
@pytest.mark.parametrize("language", ["en", "fr", "de"])
@pytest.mark.parametrize("zone", ["UTC", "America/Los_Angeles", "Asia/Kolkata"])
def test_date_writes_what_djangos_date_filter_writes(date_format, language, zone):
    django_source = "{% for moment in moments %}{{ moment|date:fmt }}|{% endfor %}"
    jinja_source = "{% for moment in moments %}{{ moment|date(fmt) }}|{% endfor %}"
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo(zone)):
        django_text, jinja_text = both(
            django_source, jinja_source, moments=MOMENTS, fmt=date_format
        )

    assert jinja_text == django_text


def test_date_of_nothing_is_empty():
    assert both("{{ v|date:'M j, Y' }}", "{{ v|date('M j, Y') }}", v=None) == ("", "")


@pytest.mark.parametrize("number", [0, 1, 2, 999, 1000, 1234567, -4321])
def test_number_filters_write_what_djangos_write(number):
    django_text, jinja_text = both(
        "{% load humanize %}{{ n|intcomma }} like{{ n|pluralize }}",
        "{{ n|intcomma }} like{{ n|pluralize }}",
        n=number,
    )

    assert jinja_text == django_text


def test_isotime_and_default_if_none_write_what_djangos_write():
    moment = datetime.datetime(2026, 3, 4, 5, 6, 7, 891011, tzinfo=datetime.UTC)
    django_text, jinja_text = both(
        "{{ t|isotime }} {{ n|default_if_none:'' }}.",
        "{{ t|isotime }} {{ n|default_if_none('') }}.",
        t=moment,
        n=None,
    )

    assert jinja_text == django_text == "2026-03-04T05:06:07+00:00 ."


@pytest.mark.django_db
def test_a_members_name_and_title_with_markup_stay_escaped_in_a_thread_page(client, board):
    thread = make_thread(posts=1, board=board)
    author = thread.posts.get().author
    author.username, author.title, author.location = SCRIPT, SCRIPT, SCRIPT
    author.save()

    html = client.get(thread.get_absolute_url()).content.decode()

    assert SCRIPT not in html
    assert html.count(SCRIPT_ESCAPED) >= 3  # name, title, location in the author panel


@pytest.mark.django_db
def test_a_likers_name_with_markup_stays_escaped_in_the_likes_line(client, board, member):
    thread = make_thread(posts=1, board=board)
    like_post(post=thread.posts.get(), user=UserFactory(username=SCRIPT))

    html = client.get(thread.get_absolute_url()).content.decode()

    assert SCRIPT not in html
    assert f">{SCRIPT_ESCAPED}</a> likes this." in html


@pytest.mark.django_db
def test_a_post_body_with_a_script_stays_escaped(client, board):
    thread = make_thread(posts=0, board=board)
    PostFactory(thread=thread, body=f"Look: {SCRIPT}")
    fix_counters_of(thread)

    html = client.get(thread.get_absolute_url()).content.decode()

    assert SCRIPT not in html
    assert "&lt;script&gt;" in html


@pytest.mark.django_db
def test_a_hiding_reason_with_markup_stays_escaped_for_the_moderator(mod_client, moderator, board):
    thread = make_thread(posts=2, board=board)
    hide_post(post=thread.posts.get(position=2), by=moderator, reason=SCRIPT)

    html = mod_client.get(thread.get_absolute_url()).content.decode()

    assert SCRIPT not in html
    assert f": {SCRIPT_ESCAPED}.</p>" in html


@pytest.mark.django_db
def test_a_fragment_in_a_django_page_asks_no_csrf_token_unless_it_prints_one(rf, member):
    page = engines["django"].from_string('{% fragment "accounts/_avatar.html" member=member %}')
    request = rf.get("/")
    request.user = AnonymousUser()

    html = page.render({"member": member}, request)

    assert 'class="avatar role-member"' in html
    assert "CSRF_COOKIE_NEEDS_UPDATE" not in request.META


@pytest.mark.django_db
def test_a_fragment_given_the_request_gets_its_csrf_token(rf, member):
    request = rf.get("/")
    request.user = member
    post = PostFactory()

    html = render_fragment("posts/_report_form.html", {"post": post, "report_url": "/r/"}, request)

    assert 'name="csrfmiddlewaretoken" value="' in html
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"]
