"""Replying on the thread page: the form, quotes, previews, refusals and their messages."""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from forum.posts.models import Post
from forum.posts.services import hide_post
from forum.threads.services import (
    hide_thread,
    lock_thread,
)
from tests.helpers import make_thread

pytestmark = pytest.mark.django_db


def reply_url(thread):
    return reverse("posts:reply", kwargs={"pk": thread.pk})


def post_reply(client, thread, body, **extra):
    return client.post(reply_url(thread), {"body": body, **extra})


def replies_by(member):
    return list(Post.objects.filter(author=member).values_list("body", flat=True))


def test_a_member_sees_a_reply_box_under_the_thread(client, thread, member):
    client.force_login(member)

    html = client.get(thread.get_absolute_url()).content.decode()

    assert 'id="reply"' in html
    assert f'action="{reply_url(thread)}"' in html


def test_a_reply_is_posted_and_the_member_lands_on_it(client, thread, member):
    client.force_login(member)

    response = post_reply(client, thread, "I agree with **this**.")

    post = Post.objects.get(author=member)
    assert post.position == 6
    assert post.body_html == "<p>I agree with <strong>this</strong>.</p>"
    assert response.status_code == 302
    assert response["Location"] == thread.get_position_url(6)


def test_a_posted_reply_moves_the_threads_counters(client, thread, member):
    client.force_login(member)

    post_reply(client, thread, "Counted.")

    thread.refresh_from_db()
    member.refresh_from_db()
    assert thread.reply_count == 5
    assert thread.last_post.author == member
    assert member.message_count == 1


def test_an_empty_reply_is_refused_beside_the_box(client, thread, member):
    client.force_login(member)

    response = post_reply(client, thread, "")

    assert response.status_code == 200
    assert response.context["form"].errors["body"] == [
        "Write something before posting: the message is empty."
    ]
    assert replies_by(member) == []


def test_a_whitespace_only_reply_is_refused_and_kept(client, thread, member):
    client.force_login(member)

    response = post_reply(client, thread, "   \n\t  ")

    assert "the message is empty" in response.context["form"].errors["body"][0]
    assert response.context["form"]["body"].value() == "   \n\t  "
    assert replies_by(member) == []


def test_a_reply_over_the_size_limit_is_refused_and_kept(client, thread, member, settings):
    settings.FORUM_POST_MAX_LENGTH = 50_000
    client.force_login(member)
    text = "x" * 50_001

    response = post_reply(client, thread, text)

    error = response.context["form"].errors["body"][0]
    assert "50,001 characters" in error and "the limit is 50,000" in error
    assert text in response.content.decode()
    assert replies_by(member) == []


def test_a_reply_at_the_size_limit_is_accepted(client, thread, member, settings):
    settings.FORUM_POST_MAX_LENGTH = 50_000
    client.force_login(member)

    post_reply(client, thread, "y" * 50_000)

    assert len(replies_by(member)[0]) == 50_000


def test_windows_line_ends_are_stored_as_unix_ones(client, thread, member):
    client.force_login(member)

    post_reply(client, thread, "one\r\ntwo")

    assert replies_by(member) == ["one\ntwo"]


def test_a_reply_to_a_locked_thread_is_refused_and_the_text_kept(client, thread, member):
    lock_thread(thread=thread, by=thread.starter)
    client.force_login(member)

    response = post_reply(client, thread, "Too late?")

    assert response.context["form"].errors["body"] == [
        "This thread is locked: it takes no new replies."
    ]
    assert "Too late?" in response.content.decode()
    assert replies_by(member) == []


def test_a_moderator_may_reply_to_a_locked_thread(client, thread, moderator):
    lock_thread(thread=thread, by=thread.starter)
    client.force_login(moderator)

    post_reply(client, thread, "Closing note.")

    assert replies_by(moderator) == ["Closing note."]


def test_a_locked_thread_shows_members_no_reply_box(client, thread, member):
    lock_thread(thread=thread, by=thread.starter)
    client.force_login(member)

    html = client.get(thread.get_absolute_url()).content.decode()

    assert f'action="{reply_url(thread)}"' not in html


def test_a_reply_to_a_thread_hidden_meanwhile_is_refused_and_kept(client, thread, member):
    hide_thread(thread=thread, by=thread.starter)
    client.force_login(member)

    response = post_reply(client, thread, "Still here?")

    html = response.content.decode()
    assert "has been hidden by a moderator" in response.context["form"].errors["body"][0]
    assert "Still here?" in html
    assert thread.title not in html
    assert replies_by(member) == []


def test_even_a_moderator_cannot_reply_to_a_hidden_thread(client, thread, moderator):
    hide_thread(thread=thread, by=thread.starter)
    client.force_login(moderator)

    response = post_reply(client, thread, "Note.")

    assert response.context["form"].errors["body"]
    assert replies_by(moderator) == []


def test_a_banned_member_is_told_why_and_posts_nothing(client, thread, banned_member):
    client.force_login(banned_member)

    response = post_reply(client, thread, "Let me in.")

    error = response.context["form"].errors["body"][0]
    assert "You have been banned" in error and "Spamming the market board." in error
    assert "Let me in." in response.content.decode()
    assert replies_by(banned_member) == []


def test_a_banned_member_sees_the_reason_instead_of_a_reply_box(client, thread, banned_member):
    client.force_login(banned_member)

    html = client.get(thread.get_absolute_url()).content.decode()

    assert "Spamming the market board." in html
    assert f'action="{reply_url(thread)}"' not in html


def test_a_banned_member_opening_the_reply_page_gets_a_403_with_the_reason(
    client, thread, banned_member
):
    client.force_login(banned_member)

    response = client.get(reply_url(thread))

    assert response.status_code == 403
    assert "Spamming the market board." in response.content.decode()


def test_a_second_reply_too_soon_is_refused_with_the_wait(client, thread, member, settings):
    settings.FORUM_FLOOD_INTERVAL = 60
    client.force_login(member)
    post_reply(client, thread, "First.")

    response = post_reply(client, thread, "Second, too soon.")

    error = response.context["form"].errors["body"][0]
    assert "You are posting too quickly: please wait" in error
    assert "seconds before posting again" in error
    assert "Second, too soon." in response.content.decode()
    assert replies_by(member) == ["First."]


def test_a_refused_reply_says_how_long_is_left_not_the_whole_interval(
    client, thread, member, settings
):
    settings.FORUM_FLOOD_INTERVAL = 20
    client.force_login(member)
    post_reply(client, thread, "First.")
    Post.objects.filter(author=member).update(created_at=timezone.now() - timedelta(seconds=12))

    response = post_reply(client, thread, "Second, too soon.")

    html = response.content.decode()
    assert "please wait 8 seconds before posting again" in html
    assert 'data-flood-wait="8"' in html


def test_a_moderator_is_not_held_by_flood_control(client, thread, moderator, settings):
    settings.FORUM_FLOOD_INTERVAL = 60
    client.force_login(moderator)
    post_reply(client, thread, "First.")

    post_reply(client, thread, "Second.")

    assert sorted(replies_by(moderator)) == ["First.", "Second."]


def test_the_same_reply_form_sent_twice_makes_one_post(client, thread, member):
    client.force_login(member)
    token = client.get(thread.get_absolute_url()).context["reply_form"]["token"].value()

    first = post_reply(client, thread, "Double click.", token=str(token))
    second = post_reply(client, thread, "Double click.", token=str(token))

    assert replies_by(member) == ["Double click."]
    assert first["Location"] == second["Location"]


def test_every_rendering_of_the_reply_box_has_its_own_token(client, thread, member):
    client.force_login(member)

    first = client.get(thread.get_absolute_url()).context["reply_form"]["token"].value()
    second = client.get(thread.get_absolute_url()).context["reply_form"]["token"].value()

    assert first != second


def test_preview_shows_the_rendered_text_and_posts_nothing(client, thread, member):
    client.force_login(member)

    response = post_reply(client, thread, "*Draft*", preview="1")

    assert response.context["preview"] == "<p><em>Draft</em></p>"
    assert response.context["form"]["body"].value() == "*Draft*"
    assert replies_by(member) == []


def test_preview_of_hostile_text_is_sanitised(client, thread, member):
    client.force_login(member)

    response = post_reply(client, thread, "<script>alert(1)</script>", preview="1")

    assert "<script>" not in response.context["preview"]


def test_quoting_a_post_starts_the_reply_with_an_attributed_quote(client, thread, member):
    quoted = thread.posts.get(position=3)
    client.force_login(member)

    response = client.get(reply_url(thread), {"quote": quoted.pk})

    body = response.context["form"]["body"].value()
    assert body.startswith(f'[quote="{quoted.author.username}, post:3"]\n{quoted.body}\n[/quote]')


def test_quoting_several_posts_quotes_them_in_thread_order(client, thread, member):
    fifth, second = thread.posts.get(position=5), thread.posts.get(position=2)
    client.force_login(member)

    response = client.get(reply_url(thread) + f"?quote={fifth.pk}&quote={second.pk}")

    body = response.context["form"]["body"].value()
    assert body.index("post:2") < body.index("post:5")
    assert body.count("[/quote]") == 2


def test_multi_quote_adds_the_ticked_posts_after_the_text_in_the_box(client, thread, member):
    third, fifth = thread.posts.get(position=3), thread.posts.get(position=5)
    client.force_login(member)

    response = client.post(
        reply_url(thread),
        {"body": "Typed first.\r\nStill here.", "quote": [fifth.pk, third.pk], "multi_quote": "1"},
    )

    body = response.context["form"]["body"].value()
    assert body.startswith("Typed first.\nStill here.\n\n[quote=")
    assert body.index("post:3") < body.index("post:5")
    assert body.count("[/quote]") == 2
    assert replies_by(member) == []


def test_multi_quote_with_an_empty_box_gives_the_quotes_alone(client, thread, member):
    third = thread.posts.get(position=3)
    client.force_login(member)

    response = client.post(reply_url(thread), {"body": "", "quote": third.pk, "multi_quote": "1"})

    assert response.context["form"]["body"].value().startswith('[quote="')
    assert not response.context["form"].errors


def test_a_posted_quote_links_back_to_the_quoted_post(client, thread, member):
    quoted = thread.posts.get(position=3)
    client.force_login(member)
    body = client.get(reply_url(thread), {"quote": quoted.pk}).context["form"]["body"].value()

    post_reply(client, thread, body + "\nIndeed.")

    html = Post.objects.get(author=member).body_html
    assert f'<a href="post-3/" class="quote-source">{quoted.author.username} said:</a>' in html


def test_a_hidden_post_cannot_be_quoted_by_a_member(client, thread, member):
    hidden = thread.posts.get(position=4)
    hide_post(post=hidden, by=hidden.author)
    client.force_login(member)

    response = client.get(reply_url(thread), {"quote": hidden.pk})

    assert response.context["form"]["body"].value() == ""


def test_a_post_of_another_thread_is_not_quoted_through_this_one(client, board, thread, member):
    elsewhere = make_thread(posts=1, board=board).posts.get()
    client.force_login(member)

    response = client.get(reply_url(thread), {"quote": elsewhere.pk})

    assert response.context["form"]["body"].value() == ""


def test_the_quote_endpoint_gives_forum_js_the_markup(client, thread, member):
    quoted = thread.posts.get(position=2)
    client.force_login(member)

    response = client.get(reverse("posts:quote", kwargs={"pk": quoted.pk}))

    assert response.json()["markup"].startswith(f'[quote="{quoted.author.username}, post:2"]')


def test_the_reply_page_of_a_hidden_thread_is_not_found_for_members(client, thread, member):
    hide_thread(thread=thread, by=thread.starter)
    client.force_login(member)

    assert client.get(reply_url(thread)).status_code == 404


def test_an_anonymous_visitor_pressing_quote_is_sent_to_log_in_and_back(client, thread):
    quoted = thread.posts.get(position=2)

    response = client.get(reply_url(thread), {"quote": quoted.pk})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login") + "?next=")


# ---- Logged-out visitors: the draft stays in their browser, never on the server -------------


def draft_url(thread):
    return reverse("posts:reply_draft", kwargs={"pk": thread.pk})


def stored_cache_keys():
    """Every key in the default cache, whichever backend the tests run on."""
    backend = caches["default"]
    if isinstance(backend._cache, dict):  # local memory
        return set(backend._cache)
    client = backend._cache.get_client(None, write=False)  # Redis
    return set(client.keys(backend.make_key("*")))


def test_a_visitors_thread_page_carries_no_csrf_token_and_sets_no_cookie(client, thread):
    response = client.get(thread.get_absolute_url())

    html = response.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert response.cookies == {}
    assert f'action="{draft_url(thread)}"' in html


def test_the_visitors_reply_box_leads_to_the_login_and_back_to_the_box(client, board):
    thread = make_thread(posts=45, board=board)

    html = client.get(thread.get_page_url(3)).content.decode()

    back = urlencode({"next": thread.get_page_url(3) + "#reply"})
    assert f'data-login-url="{reverse("account_login")}?{escape(back)}"' in html
    assert f'data-draft-key="reply-{thread.pk}"' in html


def test_a_visitors_reply_posted_without_scripts_creates_no_session_and_no_cache_entry(
    client, thread
):
    client.handler.enforce_csrf_checks = True
    sessions, keys = Session.objects.count(), stored_cache_keys()

    response = client.post(draft_url(thread), {"body": "Written before logging in.", "page": "1"})

    assert response.status_code == 200
    assert Session.objects.count() == sessions
    assert stored_cache_keys() == keys
    assert response.cookies == {}
    assert not Post.objects.filter(body="Written before logging in.").exists()


def test_without_scripts_the_visitor_gets_their_text_back_and_the_way_to_log_in(client, thread):
    response = client.post(draft_url(thread), {"body": "Written <before> logging in."})

    html = response.content.decode()
    back = escape(urlencode({"next": thread.get_absolute_url() + "#reply"}))
    assert "Written &lt;before&gt; logging in.</textarea>" in html
    assert f'href="{reverse("account_login")}?{back}"' in html
    assert f'href="{reverse("account_signup")}?{back}"' in html
    assert f'data-draft-key="reply-{thread.pk}"' in html


def test_the_text_shown_back_is_cut_at_the_longest_post(client, thread, settings):
    settings.FORUM_POST_MAX_LENGTH = 10

    html = client.post(draft_url(thread), {"body": "0123456789abcdef"}).content.decode()

    assert "0123456789</textarea>" in html


def test_a_member_logged_in_meanwhile_gets_the_reply_form_with_the_text(client, thread, member):
    client.force_login(member)

    response = client.post(draft_url(thread), {"body": "Logged in in another tab."})

    assert response.context["form"]["body"].value() == "Logged in in another tab."
    assert f'action="{reply_url(thread)}"' in response.content.decode()


def test_the_member_reply_box_starts_empty_for_the_browser_to_fill(client, thread, member):
    client.force_login(member)

    response = client.get(thread.get_absolute_url())

    assert response.context["reply_form"]["body"].value() in ("", None)
    assert f'data-draft-key="reply-{thread.pk}"' in response.content.decode()


def test_after_a_reply_is_posted_the_page_tells_the_browser_to_drop_its_copy(
    client, thread, member
):
    client.force_login(member)
    post_reply(client, thread, "Posted.")

    first = client.get(thread.get_absolute_url(), {"page": thread.page_count}).content.decode()
    second = client.get(thread.get_absolute_url(), {"page": thread.page_count}).content.decode()

    assert "data-draft-posted" in first
    assert "data-draft-posted" not in second


def test_the_visitors_draft_box_is_not_offered_on_a_locked_thread(client, thread):
    lock_thread(thread=thread, by=thread.starter)

    html = client.get(thread.get_absolute_url()).content.decode()

    assert reverse("posts:reply_draft", kwargs={"pk": thread.pk}) not in html


def test_a_reply_sent_after_the_session_expired_is_shown_back_and_kept_nowhere(client, thread):
    sessions = Session.objects.count()

    response = post_reply(client, thread, "Written while my session ran out.")

    assert "Written while my session ran out.</textarea>" in response.content.decode()
    assert Session.objects.count() == sessions
    assert not Post.objects.filter(body="Written while my session ran out.").exists()


def test_a_mangled_form_token_does_not_refuse_the_reply(client, thread, member):
    client.force_login(member)

    post_reply(client, thread, "Still posted.", token="not-a-uuid")

    assert replies_by(member) == ["Still posted."]


@pytest.mark.usefixtures("no_flood_interval")
def test_a_reply_costs_a_fixed_number_of_queries(
    client, thread, member, django_assert_max_num_queries
):
    client.force_login(member)
    post_reply(client, thread, "A first reply, which settles what a first request loads.")

    # session's member; the thread; then the reply's transaction (its two ends): the thread's
    # and board's locks, the form's earlier post if any, the post (with its search vector), the
    # thread's and board's counters (with their versions), the author's counters, their watch
    # and read marker, the alerts that marker answers (and in production the alert task's row);
    # no session write
    with django_assert_max_num_queries(QUERIES_PER_REPLY):
        response = post_reply(client, thread, "A reply.", token="0" * 32)

    assert response.status_code == 302
    assert "A reply." in replies_by(member)


QUERIES_PER_REPLY = 14
