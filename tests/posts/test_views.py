"""Editing, hiding and liking posts from the thread page, and the history moderators read."""

import pytest
from django.urls import reverse

from forum.posts.models import Like, Post, PostRevision
from forum.posts.services import edit_post, like_post
from forum.threads.services import lock_thread
from tests.factories import LikeFactory, UserFactory
from tests.helpers import fix_all_counters

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def own_reply(thread, member):
    """Post #2 of ``thread``, written by ``member``."""
    post = thread.posts.get(position=2)
    Post.objects.filter(pk=post.pk).update(author=member)
    fix_all_counters()
    post.refresh_from_db()
    return post


def url(name, post):
    return reverse(f"posts:{name}", kwargs={"pk": post.pk})


# ---- Editing --------------------------------------------------------------------------------


def test_the_edit_form_starts_from_the_posts_text_and_revision(client, member, own_reply):
    client.force_login(member)

    form = client.get(url("edit", own_reply)).context["form"]

    assert form["body"].value() == own_reply.body
    assert form["revision"].value() == 1


def test_a_member_edits_their_post_and_it_shows_last_edited(client, member, own_reply):
    client.force_login(member)

    response = client.post(url("edit", own_reply), {"body": "Better words.", "revision": "1"})

    own_reply.refresh_from_db()
    assert own_reply.body == "Better words."
    assert response["Location"] == own_reply.thread.get_position_url(2)
    html = client.get(own_reply.thread.get_absolute_url()).content.decode()
    assert "Last edited:" in html
    assert own_reply.edited_at.strftime("%b %-d, %Y") in html


def test_an_edit_keeps_the_earlier_version(client, member, own_reply):
    original = own_reply.body
    client.force_login(member)

    client.post(url("edit", own_reply), {"body": "Better words.", "revision": "1"})

    assert list(PostRevision.objects.values_list("body", flat=True)) == [original]


def test_a_member_cannot_edit_someone_elses_post(client, thread, member):
    theirs = thread.posts.get(position=3)
    client.force_login(member)

    get = client.get(url("edit", theirs))
    post = client.post(url("edit", theirs), {"body": "Hijacked.", "revision": "1"})

    assert get.status_code == 403
    assert post.context["form"].errors["body"] == ["You can only edit your own posts."]
    assert Post.objects.get(pk=theirs.pk).body != "Hijacked."


def test_a_moderator_edits_anyones_post(client, own_reply, moderator):
    client.force_login(moderator)

    client.post(url("edit", own_reply), {"body": "Moderated.", "revision": "1"})

    own_reply.refresh_from_db()
    assert (own_reply.body, own_reply.edited_by) == ("Moderated.", moderator)


def test_an_empty_edit_is_refused_and_the_post_unchanged(client, member, own_reply):
    client.force_login(member)
    before = own_reply.body

    response = client.post(url("edit", own_reply), {"body": "  ", "revision": "1"})

    assert "the message is empty" in response.context["form"].errors["body"][0]
    assert Post.objects.get(pk=own_reply.pk).body == before


def test_an_edit_over_the_limit_is_refused_and_kept(client, member, own_reply, settings):
    settings.FORUM_POST_MAX_LENGTH = 100
    client.force_login(member)

    response = client.post(url("edit", own_reply), {"body": "z" * 101, "revision": "1"})

    assert "the limit is 100" in response.context["form"].errors["body"][0]
    assert "z" * 101 in response.content.decode()
    assert Post.objects.get(pk=own_reply.pk).revision == 1


def test_the_second_of_two_edits_is_refused_with_the_first_shown(
    client, member, moderator, own_reply
):
    # Both opened the form at revision 1; the moderator saved first.
    edit_post(post=own_reply, by=moderator, body="Moderator's version.", expected_revision=1)
    client.force_login(member)

    response = client.post(url("edit", own_reply), {"body": "Member's version.", "revision": "1"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "mod saved a newer version of this post" in response.context["form"].errors["body"][0]
    assert "Moderator&#x27;s version." in html  # theirs, shown
    assert "Member&#x27;s version." in html  # mine, still in the box
    assert response.context["form"]["revision"].value() == 2
    assert Post.objects.get(pk=own_reply.pk).body == "Moderator's version."


def test_after_a_conflict_saving_again_replaces_the_newer_version(
    client, member, moderator, own_reply
):
    edit_post(post=own_reply, by=moderator, body="Moderator's version.", expected_revision=1)
    client.force_login(member)
    client.post(url("edit", own_reply), {"body": "Mine.", "revision": "1"})

    client.post(url("edit", own_reply), {"body": "Merged.", "revision": "2"})

    own_reply.refresh_from_db()
    assert (own_reply.body, own_reply.revision) == ("Merged.", 3)


def test_members_cannot_edit_in_a_locked_thread(client, member, own_reply):
    lock_thread(thread=own_reply.thread, by=own_reply.thread.starter)
    client.force_login(member)

    response = client.post(url("edit", own_reply), {"body": "Late edit.", "revision": "1"})

    assert "locked" in response.context["form"].errors["body"][0]
    assert Post.objects.get(pk=own_reply.pk).body != "Late edit."


def test_a_banned_member_cannot_edit_their_post(client, member, own_reply):
    member.is_banned = True
    member.save()
    client.force_login(member)

    response = client.post(url("edit", own_reply), {"body": "Edited.", "revision": "1"})

    assert "You have been banned" in response.context["form"].errors["body"][0]
    assert Post.objects.get(pk=own_reply.pk).revision == 1


def test_the_edit_link_shows_only_on_ones_own_posts(client, thread, member, own_reply):
    client.force_login(member)

    html = client.get(thread.get_absolute_url()).content.decode()

    assert url("edit", own_reply) in html
    assert url("edit", thread.posts.get(position=3)) not in html


# ---- History --------------------------------------------------------------------------------


def test_a_moderator_reads_every_version_of_a_post(client, member, moderator, own_reply):
    original = own_reply.body
    edit_post(post=own_reply, by=member, body="Second version.", expected_revision=1)
    client.force_login(moderator)

    response = client.get(url("history", own_reply))

    html = response.content.decode()
    assert original in html
    assert "Second version." in html
    assert "Version 2 (current)" in html


def test_members_cannot_read_a_posts_history(client, member, own_reply):
    edit_post(post=own_reply, by=member, body="Second version.", expected_revision=1)
    client.force_login(member)

    assert client.get(url("history", own_reply)).status_code == 403


def test_the_history_link_shows_for_moderators_on_edited_posts(client, moderator, own_reply):
    edit_post(post=own_reply, by=own_reply.author, body="Edited.", expected_revision=1)
    client.force_login(moderator)

    html = client.get(own_reply.thread.get_absolute_url()).content.decode()

    assert url("history", own_reply) in html


# ---- Hiding one's own post ------------------------------------------------------------------


def test_hiding_asks_first(client, member, own_reply):
    client.force_login(member)

    response = client.get(url("hide", own_reply))

    assert "Hide post #2?" in response.content.decode()
    assert not Post.objects.get(pk=own_reply.pk).is_hidden


def test_a_member_hides_their_reply_and_counters_follow(client, thread, member, own_reply):
    client.force_login(member)

    client.post(url("hide", own_reply))

    own_reply.refresh_from_db()
    thread.refresh_from_db()
    member.refresh_from_db()
    assert own_reply.is_hidden
    assert thread.reply_count == 3
    assert member.message_count == 0


def test_a_member_cannot_hide_someone_elses_post(client, thread, member):
    theirs = thread.posts.get(position=3)
    client.force_login(member)

    response = client.post(url("hide", theirs))

    assert response.status_code == 403
    assert not Post.objects.get(pk=theirs.pk).is_hidden


def test_the_first_post_cannot_be_hidden_alone(client, thread, member):
    first = thread.posts.get(position=1)
    Post.objects.filter(pk=first.pk).update(author=member)
    client.force_login(member)

    response = client.post(url("hide", first))

    assert response.status_code == 403
    assert not Post.objects.get(pk=first.pk).is_hidden


def test_a_hidden_post_takes_no_edit(client, member, own_reply):
    client.force_login(member)
    client.post(url("hide", own_reply))

    response = client.post(url("edit", own_reply), {"body": "Sneaky.", "revision": "1"})

    assert response.status_code == 404
    assert Post.objects.get(pk=own_reply.pk).body != "Sneaky."


# ---- Likes ----------------------------------------------------------------------------------


def test_a_like_without_javascript_is_a_form_post_that_returns_to_the_post(client, thread, member):
    theirs = thread.posts.get(position=3)
    client.force_login(member)

    response = client.post(url("like", theirs))

    assert response["Location"] == thread.get_position_url(3)
    assert Like.objects.filter(post=theirs, user=member).exists()
    assert Post.objects.get(pk=theirs.pk).like_count == 1


def test_a_like_with_javascript_answers_with_the_new_state(client, thread, member):
    theirs = thread.posts.get(position=3)
    client.force_login(member)

    result = client.post(url("like", theirs), **JSON).json()

    assert result["liked"] is True
    assert result["like_count"] == 1
    assert "You like this." in result["summary_html"]
    assert result["author_id"] == theirs.author_id
    assert result["author_likes_received"] == 1


def test_a_like_of_an_imported_members_post_leaves_their_unknown_total_unknown(
    client, seed, member
):
    opening = seed.posts.get(position=1)
    client.force_login(member)

    result = client.post(url("like", opening), **JSON).json()

    assert result["like_count"] == 1
    assert result["author_likes_received"] is None


def test_unliking_takes_the_like_back(client, thread, member):
    theirs = thread.posts.get(position=3)
    like_post(post=theirs, user=member)
    client.force_login(member)

    result = client.post(url("unlike", theirs), **JSON).json()

    assert result["liked"] is False
    assert result["like_count"] == 0
    assert not Like.objects.exists()
    theirs.author.refresh_from_db()
    assert theirs.author.likes_received == 0


def test_liking_twice_counts_once(client, thread, member):
    theirs = thread.posts.get(position=3)
    client.force_login(member)

    client.post(url("like", theirs))
    client.post(url("like", theirs))

    assert Post.objects.get(pk=theirs.pk).like_count == 1


def test_a_member_cannot_like_their_own_post(client, member, own_reply):
    client.force_login(member)

    response = client.post(url("like", own_reply), **JSON)

    assert response.status_code == 403
    assert response.json()["error"] == "You cannot like your own posts."
    assert not Like.objects.exists()


def test_a_banned_member_cannot_like_and_is_told_why(client, thread, banned_member):
    client.force_login(banned_member)

    response = client.post(url("like", thread.posts.get(position=3)), **JSON)

    assert response.status_code == 403
    assert "Spamming the market board." in response.json()["error"]
    assert not Like.objects.exists()


def test_liking_needs_a_post_request(client, thread, member):
    client.force_login(member)

    assert client.get(url("like", thread.posts.get(position=3))).status_code == 405
    assert not Like.objects.exists()


def test_the_thread_page_says_who_likes_each_post(client, thread, member):
    post = thread.posts.get(position=3)
    for name in ["ann", "ben", "cat", "dan", "eve"]:
        like_post(post=post, user=UserFactory(username=name))
    client.force_login(member)

    html = client.get(thread.get_absolute_url()).content.decode()

    assert "5 likes" in html
    assert ">eve</a>, <a" in html and "and 2 others like this." in html


def test_the_viewer_comes_first_as_you(client, thread, member):
    post = thread.posts.get(position=3)
    like_post(post=post, user=member)
    like_post(post=post, user=UserFactory(username="ann"))
    client.force_login(member)

    response = client.get(thread.get_absolute_url())

    summary = next(p for p in response.context["posts"] if p.position == 3).like_summary
    assert summary.likers[0] is None
    assert [liker.username for liker in summary.likers[1:]] == ["ann"]
    assert "You and <a" in response.content.decode()


def test_the_like_button_shows_unlike_once_liked(client, thread, member):
    post = thread.posts.get(position=3)
    like_post(post=post, user=member)
    client.force_login(member)

    html = client.get(thread.get_absolute_url()).content.decode()

    assert f'action="{url("unlike", post)}"' in html
    assert 'aria-pressed="true"' in html


def test_visitors_see_like_counts_but_no_like_buttons(client, thread):
    LikeFactory(post=thread.posts.get(position=2))
    thread.posts.filter(position=2).update(like_count=1)

    html = client.get(thread.get_absolute_url()).content.decode()

    assert "1 like" in html
    assert "js-like" not in html


# ---- Preview for forum.js -------------------------------------------------------------------


def test_the_preview_endpoint_renders_without_storing(client, member):
    client.force_login(member)

    response = client.post(reverse("posts:preview"), {"body": "_hi_"})

    assert response.json() == {"html": "<p><em>hi</em></p>"}
    assert not Post.objects.exists()


def test_the_preview_endpoint_explains_an_empty_text(client, member):
    client.force_login(member)

    response = client.post(reverse("posts:preview"), {"body": " "})

    assert response.status_code == 400
    assert "empty" in response.json()["error"]


def test_previewing_too_often_is_refused_with_the_wait(client, member, settings):
    settings.FORUM_PREVIEW_RATE = "2/60"
    client.force_login(member)

    statuses = [
        client.post(reverse("posts:preview"), {"body": "_hi_"}).status_code for _ in range(3)
    ]

    assert statuses == [200, 200, 429]
    refused = client.post(reverse("posts:preview"), {"body": "_hi_"})
    assert "previewing too often" in refused.json()["error"]


def test_a_preview_button_over_the_rate_keeps_the_text_and_says_why(
    client, member, own_reply, settings
):
    settings.FORUM_PREVIEW_RATE = "1/60"
    client.force_login(member)
    data = {"body": "Kept *text*", "revision": own_reply.revision, "preview": "1"}
    client.post(url("edit", own_reply), data)

    response = client.post(url("edit", own_reply), data)

    html = response.content.decode()
    assert "previewing too often" in html
    assert "Kept *text*" in html


def test_saving_edits_too_often_is_refused_and_the_text_kept(client, member, own_reply, settings):
    settings.FORUM_EDIT_RATE = "1/60"
    settings.FORUM_FLOOD_INTERVAL = 0
    client.force_login(member)
    client.post(url("edit", own_reply), {"body": "First edit", "revision": 1})

    response = client.post(url("edit", own_reply), {"body": "Second edit", "revision": 2})

    html = response.content.decode()
    assert "editing too often" in html
    assert "Second edit" in html
    own_reply.refresh_from_db()
    assert own_reply.body == "First edit"


def test_an_edit_soon_after_another_edit_waits_for_flood_control(
    client, member, own_reply, settings
):
    settings.FORUM_FLOOD_INTERVAL = 30
    client.force_login(member)
    client.post(url("edit", own_reply), {"body": "First edit", "revision": 1})

    response = client.post(url("edit", own_reply), {"body": "Second edit", "revision": 2})

    html = response.content.decode()
    assert "too quickly" in html
    assert "Second edit" in html


def test_an_edit_right_after_posting_is_not_held_by_flood_control(
    client, member, own_reply, settings
):
    settings.FORUM_FLOOD_INTERVAL = 30
    client.force_login(member)

    response = client.post(url("edit", own_reply), {"body": "Typo fixed", "revision": 1})

    assert response.status_code == 302


def test_a_like_costs_a_fixed_number_of_queries(
    client, thread, member, django_assert_max_num_queries
):
    first, theirs = thread.posts.get(position=2), thread.posts.get(position=3)
    client.force_login(member)
    client.post(url("like", first))  # settles what a first request loads

    # session's member; the post; then the like's transaction (its two ends): the thread's
    # version (its lock), the post's author and latest likers, the like, the post's counters,
    # the author's; the alert is a task's (in production, its row)
    with django_assert_max_num_queries(QUERIES_PER_LIKE):
        response = client.post(url("like", theirs))

    assert response.status_code == 302
    assert Post.objects.get(pk=theirs.pk).like_count == 1


QUERIES_PER_LIKE = 9
