"""Likes in the admin (``forum.posts.admin.LikeAdmin``): read, filtered, taken back through the
service; never made there."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from forum.moderation.models import Action, ModerationLog
from forum.posts.models import Like, Post
from forum.posts.services import like_post, reply_to_thread, start_thread
from forum.threads.models import Thread
from tests.factories import UserFactory
from tests.helpers import assert_counters_true, fixes_recount_would_make

pytestmark = pytest.mark.django_db

LIKES = reverse("admin:posts_like_changelist")
MEMBERS = reverse("admin:accounts_user_changelist")
POSTS = reverse("admin:posts_post_changelist")


@pytest.fixture
def like(thread, member):
    post = thread.posts.get(position=2)
    like_post(post=post, user=member)
    return Like.objects.get(post=post, user=member)


def test_an_administrator_cannot_add_a_like_in_the_admin(admin_client, thread):
    post = thread.posts.get(position=2)

    page = admin_client.get(reverse("admin:posts_like_add"))
    sent = admin_client.post(
        reverse("admin:posts_like_add"), {"user": post.author_id, "post": post.pk}
    )

    assert (page.status_code, sent.status_code) == (403, 403)
    assert not Like.objects.exists()


def test_a_like_reads_but_does_not_change_in_the_admin(admin_client, like, member):
    other = Post.objects.exclude(pk=like.post_id).first()

    admin_client.post(
        reverse("admin:posts_like_change", args=[like.pk]), {"user": member.pk, "post": other.pk}
    )

    assert Like.objects.get().post_id == like.post_id
    page = admin_client.get(reverse("admin:posts_like_change", args=[like.pk]))
    assert page.status_code == 200
    assert not page.context["adminform"].form.fields


def test_deleting_a_like_in_the_admin_takes_it_off_the_counters(admin_client, like):
    author = like.post.author

    admin_client.post(reverse("admin:posts_like_delete", args=[like.pk]), {"post": "yes"})

    assert not Like.objects.exists()
    assert Post.objects.get(pk=like.post_id).like_count == 0
    assert User.objects.get(pk=author.pk).likes_received == 0
    assert_counters_true()


def test_deleting_selected_likes_takes_them_off_the_counters(admin_client, like, thread):
    second = like_post(post=thread.posts.get(position=3), user=like.user) and Like.objects.last()

    admin_client.post(
        LIKES,
        {"action": "delete_selected", "_selected_action": [like.pk, second.pk], "post": "yes"},
    )

    assert not Like.objects.exists()
    assert_counters_true()


def test_the_likes_list_shows_the_post_and_its_thread(admin_client, like, thread):
    response = admin_client.get(LIKES)

    assert f"#2 in “{thread.title}”" in response.content.decode()


# Members: "Delete spammer" (MemberWithPostsAdmin).


@pytest.fixture
def spammer(board, no_flood_interval):
    """A member with two threads of their own (one with a reply from someone else), replies in
    two other threads, and likes received."""
    spammer = UserFactory(username="spammer")
    honest = UserFactory(username="honest")
    for number in range(2):
        own = start_thread(board=board, author=spammer, title=f"Cheap pills {number}", body="Buy")
    reply_to_thread(thread=own, author=honest, body="Is this spam?")
    for number in range(2):
        other = start_thread(board=board, author=honest, title=f"Gardening {number}", body="Hi")
        like_post(
            post=reply_to_thread(thread=other, author=spammer, body="Visit my site"), user=honest
        )
    return spammer


def remove(client, *members, **extra):
    return client.post(
        MEMBERS,
        {"action": "remove_spammers", "_selected_action": [m.pk for m in members], **extra},
    )


def test_delete_spammer_asks_first_with_a_reason(mod_client, spammer):
    response = remove(mod_client, spammer)

    assert response.templates[0].name == "admin/moderation/remove_spammers.html"
    assert response.context["form"]["reason"].value() == "Spam"
    assert not User.objects.get(pk=spammer.pk).is_banned


def test_delete_spammer_bans_and_hides_all_they_wrote_with_counters_exact(
    mod_client, moderator, spammer, django_capture_on_commit_callbacks
):
    # With what waits for the commit: the alert counts of the members told of what it hid.
    with django_capture_on_commit_callbacks(execute=True):
        remove(mod_client, spammer, apply="yes", reason="Pill spam")

    spammer.refresh_from_db()
    assert (spammer.is_currently_banned, spammer.ban_reason, spammer.banned_until) == (
        True,
        "Pill spam",
        None,
    )
    assert not Post.objects.visible_to(UserFactory()).filter(author=spammer).exists()
    assert set(Thread.objects.filter(starter=spammer).values_list("is_hidden", flat=True)) == {True}
    assert fixes_recount_would_make() == {}
    assert spammer.message_count == 0
    hides = ModerationLog.objects.filter(reason="Pill spam").values_list("action", flat=True)
    assert sorted(hides) == sorted(
        [
            Action.BAN_MEMBER,
            Action.HIDE_THREAD,
            Action.HIDE_THREAD,
            Action.HIDE_POST,
            Action.HIDE_POST,
        ]
    )


def test_recount_finds_nothing_to_fix_after_deleting_a_spammer(
    mod_client, spammer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        remove(mod_client, spammer, apply="yes", reason="Spam")
    output = StringIO()

    call_command("recount", stdout=output)

    assert "Every counter was right: 0 fixed." in output.getvalue()


def test_a_moderator_cannot_delete_a_fellow_moderator_as_a_spammer(mod_client, board):
    colleague = UserFactory(username="colleague", role=Role.MODERATOR)

    remove(mod_client, colleague, apply="yes", reason="Spam")

    assert not User.objects.get(pk=colleague.pk).is_banned


def test_the_action_is_not_offered_to_one_who_cannot_hide(client, spammer):
    client.force_login(UserFactory(username="plain"))

    assert remove(client, spammer, apply="yes").status_code in (302, 403)
    assert not User.objects.get(pk=spammer.pk).is_banned


# Posts awaiting approval (PostAdmin).


@pytest.fixture
def waiting(thread):
    newcomer = UserFactory(username="newcomer")
    return reply_to_thread(thread=thread, author=newcomer, body="https://spam.example.com")


def test_the_posts_list_filters_those_awaiting_approval(mod_client, waiting):
    response = mod_client.get(POSTS, {"awaiting_approval__exact": "1"})

    assert list(response.context["cl"].result_list) == [waiting]


@pytest.mark.parametrize(
    ("action", "hidden", "entry"),
    [("approve_post", False, Action.APPROVE_POST), ("reject_post", True, Action.REJECT_POST)],
)
def test_a_moderator_approves_or_rejects_from_the_admin(mod_client, waiting, action, hidden, entry):
    mod_client.post(POSTS, {"action": action, "_selected_action": [waiting.pk], "reason": "Seen"})

    waiting.refresh_from_db()
    assert (waiting.is_hidden, waiting.awaiting_approval) == (hidden, False)
    assert ModerationLog.objects.get().action == entry
    assert_counters_true()
