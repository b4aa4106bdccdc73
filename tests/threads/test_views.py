import pytest
from django.urls import reverse

from forum.moderation.models import Action, ModerationLog, Report
from forum.posts import services as post_services
from forum.posts.models import Post
from forum.threads.models import Thread
from tests.factories import BoardFactory, PostFactory
from tests.helpers import fix_all_counters, make_thread

pytestmark = pytest.mark.django_db


def tool_url(thread, action):
    return reverse("threads:action", args=[thread.pk, action])


def test_moderators_get_the_thread_tools_where_they_read(client, moderator, thread):
    client.force_login(moderator)

    page = client.get(thread.get_absolute_url()).content.decode()

    for action in ["lock", "pin"]:
        assert f'action="{tool_url(thread, action)}"' in page
    assert f'href="{reverse("threads:hide", args=[thread.pk])}"' in page
    assert reverse("threads:move", args=[thread.pk]) in page
    assert reverse("posts:hide", args=[thread.posts.get(position=2).pk]) in page


def test_the_tools_offer_the_opposite_of_the_threads_state(client, moderator, board):
    thread = make_thread(posts=2, board=board, is_locked=True, is_pinned=True)
    client.force_login(moderator)

    page = client.get(thread.get_absolute_url()).content.decode()

    assert tool_url(thread, "unlock") in page and tool_url(thread, "unpin") in page
    assert tool_url(thread, "lock") not in page


def test_members_get_no_moderation_tools(client, member, thread):
    client.force_login(member)

    page = client.get(thread.get_absolute_url()).content.decode()

    assert "Moderator tools" not in page
    assert "/moderate/" not in page


def test_a_visitors_thread_page_carries_no_form(client, thread):
    page = client.get(thread.get_absolute_url()).content.decode()

    assert "csrfmiddlewaretoken" not in page
    assert "/report/" not in page


def test_locking_from_the_thread_page_logs_it_and_returns_to_the_page(client, moderator, thread):
    client.force_login(moderator)
    page_url = thread.get_page_url(1)

    response = client.post(tool_url(thread, "lock"), {"next": page_url})

    assert response["Location"] == page_url
    assert Thread.objects.get(pk=thread.pk).is_locked
    entry = ModerationLog.objects.get()
    assert (entry.actor, entry.action, entry.target) == (moderator, Action.LOCK_THREAD, thread)


def test_a_foreign_next_address_is_ignored(client, moderator, thread):
    client.force_login(moderator)

    response = client.post(tool_url(thread, "pin"), {"next": "https://evil.example/"})

    assert response["Location"] == thread.get_absolute_url()


def test_an_unknown_action_is_not_found(client, moderator, thread):
    client.force_login(moderator)

    assert client.post(tool_url(thread, "delete")).status_code == 404


def test_the_tools_take_no_get(client, moderator, thread):
    client.force_login(moderator)

    assert client.get(tool_url(thread, "lock")).status_code == 405
    assert not Thread.objects.get(pk=thread.pk).is_locked


def test_the_move_page_offers_every_other_board(client, moderator, thread):
    elsewhere = BoardFactory(name="Elsewhere")
    client.force_login(moderator)

    response = client.get(reverse("threads:move", args=[thread.pk]))

    boards = list(response.context["form"].fields["board"].queryset)
    assert elsewhere in boards and thread.board not in boards


def test_moving_from_the_thread_page_logs_the_reason(client, moderator, thread):
    elsewhere = BoardFactory(name="Elsewhere")
    client.force_login(moderator)

    response = client.post(
        reverse("threads:move", args=[thread.pk]),
        {"board": elsewhere.pk, "reason": "Belongs in Elsewhere"},
    )

    assert response["Location"] == thread.get_absolute_url()
    assert Thread.objects.get(pk=thread.pk).board == elsewhere
    assert ModerationLog.objects.get().reason == "Belongs in Elsewhere"


def test_moving_without_a_board_says_so_beside_the_field(client, moderator, thread):
    client.force_login(moderator)

    response = client.post(
        reverse("threads:move", args=[thread.pk]), {"board": "", "reason": "Kept"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["board"]
    assert response.context["form"]["reason"].value() == "Kept"


def test_a_hidden_post_shows_moderators_a_restore_button(client, moderator, thread):
    reply = thread.posts.get(position=3)
    post_services.hide_post(post=reply, by=moderator)
    client.force_login(moderator)

    page = client.get(thread.get_absolute_url()).content.decode()

    assert reverse("posts:restore", args=[reply.pk]) in page
    assert reverse("posts:hide", args=[reply.pk]) not in page


def test_the_first_post_has_no_hide_button(client, moderator, thread):
    client.force_login(moderator)
    first = thread.posts.get(position=1)

    page = client.get(thread.get_absolute_url()).content.decode()

    assert reverse("posts:hide", args=[first.pk]) not in page


def test_a_moderator_hiding_a_members_post_is_logged_with_the_reason(client, moderator, thread):
    reply = thread.posts.get(position=3)
    client.force_login(moderator)

    client.post(reverse("posts:hide", args=[reply.pk]), {"reason": "Insults"})

    assert Post.objects.get(pk=reply.pk).is_hidden
    entry = ModerationLog.objects.get()
    assert (entry.actor, entry.action, entry.target, entry.reason) == (
        moderator,
        Action.HIDE_POST,
        reply,
        "Insults",
    )


def test_a_member_hiding_their_own_post_is_not_a_moderation_action(client, member, thread):
    own = PostFactory(thread=thread, author=member)
    fix_all_counters()
    client.force_login(member)

    client.post(reverse("posts:hide", args=[own.pk]))

    assert Post.objects.get(pk=own.pk).is_hidden
    assert not ModerationLog.objects.exists()


def test_restoring_a_post_from_the_thread_page_returns_to_it(client, moderator, thread):
    reply = thread.posts.get(position=3)
    post_services.hide_post(post=reply, by=moderator)
    client.force_login(moderator)

    response = client.post(reverse("posts:restore", args=[reply.pk]))

    assert response["Location"] == thread.get_position_url(3)
    assert not Post.objects.get(pk=reply.pk).is_hidden


def test_a_moderators_edit_of_a_members_post_is_logged(client, moderator, thread):
    reply = thread.posts.get(position=2)
    client.force_login(moderator)

    client.post(
        reverse("posts:edit", args=[reply.pk]),
        {"body": "Edited by a moderator.", "revision": reply.revision},
    )

    reply.refresh_from_db()
    assert reply.body == "Edited by a moderator."
    assert reply.revisions.count() == 1
    entry = ModerationLog.objects.get()
    assert (entry.action, entry.target, entry.details) == (
        Action.EDIT_POST,
        reply,
        {"old_revision": 1, "new_revision": 2},
    )


@pytest.mark.parametrize("posts", [5, 60])
def test_a_moderators_thread_page_costs_a_fixed_number_of_queries(
    client, moderator, board, posts, django_assert_max_num_queries
):
    thread = make_thread(posts=posts, board=board)
    client.force_login(moderator)

    # user, the moderator's permissions (two), thread (with whether they watch it and how far
    # they read it), posts, their read marker moved on, and a little slack.
    with django_assert_max_num_queries(8):
        response = client.get(thread.get_absolute_url())
    assert response.status_code == 200


# Reports.


def report_url(post):
    return reverse("posts:report", args=[post.pk])


def test_members_may_report_others_posts_but_not_their_own(client, member, thread):
    own = PostFactory(thread=thread, author=member)
    others = thread.posts.get(position=2)
    client.force_login(member)

    page = client.get(thread.get_absolute_url()).content.decode()

    assert report_url(others) in page
    assert report_url(own) not in page
    assert client.post(report_url(own), {"reason": "Me"}).status_code == 403


def test_a_report_reaches_the_moderators_queue(client, member, thread):
    post = thread.posts.get(position=2)
    client.force_login(member)

    response = client.post(report_url(post), {"reason": "Personal attack"}, follow=True)

    report = Report.objects.get()
    assert (report.post, report.reporter, report.reason, report.is_open) == (
        post,
        member,
        "Personal attack",
        True,
    )
    assert "the moderators will look at this post" in response.content.decode()


def test_an_empty_report_is_refused_beside_the_field(client, member, thread):
    client.force_login(member)

    response = client.post(report_url(thread.posts.get(position=2)), {"reason": "   "})

    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["Say what is wrong with the post."]
    assert not Report.objects.exists()


def test_a_too_long_report_keeps_what_was_typed(client, member, thread):
    client.force_login(member)
    text = "x" * 1001

    response = client.post(report_url(thread.posts.get(position=2)), {"reason": text})

    assert response.context["form"].errors["reason"]
    assert text in response.content.decode()


def test_reporting_twice_files_one_report_and_says_so(client, member, thread):
    post = thread.posts.get(position=2)
    client.force_login(member)
    client.post(report_url(post), {"reason": "Spam"})

    response = client.post(report_url(post), {"reason": "Spam!"}, follow=True)

    assert Report.objects.count() == 1
    assert "You have reported this post already" in response.content.decode()


def test_a_hidden_post_cannot_be_reported_by_members(client, member, moderator, thread):
    post = thread.posts.get(position=2)
    post_services.hide_post(post=post, by=moderator)
    client.force_login(member)

    assert client.post(report_url(post), {"reason": "Spam"}).status_code == 404
    assert not Report.objects.exists()


def test_visitors_are_sent_to_log_in_to_report(client, thread):
    response = client.get(report_url(thread.posts.get(position=2)))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_banned_member_is_told_why_they_cannot_report(client, banned_member, thread):
    client.force_login(banned_member)

    response = client.post(report_url(thread.posts.get(position=2)), {"reason": "Spam"})

    assert response.status_code == 403
    assert "Spamming the market board." in response.content.decode()
    assert not Report.objects.exists()


def test_hide_thread_on_the_thread_page_asks_first_with_a_reason(client, moderator, thread):
    client.force_login(moderator)

    response = client.get(reverse("threads:hide", args=[thread.pk]))

    assert response.status_code == 200
    assert 'name="reason"' in response.content.decode()
    thread.refresh_from_db()
    assert not thread.is_hidden


def test_confirming_hides_the_thread_with_the_reason_logged(client, moderator, thread):
    client.force_login(moderator)

    response = client.post(reverse("threads:hide", args=[thread.pk]), {"reason": "Spam wave"})

    thread.refresh_from_db()
    assert response.status_code == 302
    assert (thread.is_hidden, thread.hidden_by, thread.hidden_reason) == (
        True,
        moderator,
        "Spam wave",
    )
    entry = ModerationLog.objects.get()
    assert (entry.action, entry.reason) == (Action.HIDE_THREAD, "Spam wave")


def test_a_member_cannot_open_the_hide_page(client, member, thread):
    client.force_login(member)

    assert client.get(reverse("threads:hide", args=[thread.pk])).status_code == 403
    assert client.post(reverse("threads:hide", args=[thread.pk])).status_code == 403
    thread.refresh_from_db()
    assert not thread.is_hidden
