"""A member's data: exported whole, or removed with the account, counters exact."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts.models import User
from forum.moderation.models import Action, ModerationLog
from forum.posts.members import (
    DELETED_MEMBER_NAME,
    delete_member,
    export_member_data,
)
from forum.posts.models import Like, Post
from forum.posts.services import like_post, reply_to_thread, start_thread
from forum.threads.models import Thread
from tests.factories import UserFactory
from tests.helpers import errors_of, fixes_recount_would_make, run_at_once

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaver(board, no_flood_interval):
    """A member with a thread of their own (with a reply from someone else), a reply in
    another thread, likes given and likes received."""
    leaver = UserFactory(username="leaver")
    other = UserFactory(username="other")
    own = start_thread(board=board, author=leaver, title="My garden", body="Roses, *mostly*.")
    liked = reply_to_thread(thread=own, author=other, body="Lovely.")
    like_post(post=liked, user=leaver)
    elsewhere = start_thread(board=board, author=other, title="Tools", body="Spades?")
    like_post(post=elsewhere.posts.get(), user=leaver)
    answer = reply_to_thread(thread=elsewhere, author=leaver, body="A **good** spade.")
    like_post(post=answer, user=other)
    return leaver


def test_the_export_holds_the_profile_posts_as_written_and_likes_given(leaver):
    leaver.signature = "Grown, not bought."
    data = export_member_data(leaver)

    assert data["profile"]["username"] == "leaver"
    assert data["profile"]["email"] == "leaver@example.com"
    assert data["profile"]["signature"] == "Grown, not bought."
    assert sorted(post["source"] for post in data["posts"]) == [
        "A **good** spade.",
        "Roses, *mostly*.",
    ]
    assert [thread["title"] for thread in data["threads_started"]] == ["My garden"]
    assert len(data["likes_given"]) == 2


def test_a_deleted_members_posts_stay_shown_as_by_deleted_member(leaver):
    posts = list(Post.objects.filter(author=leaver).values_list("pk", flat=True))

    delete_member(member=leaver, by=leaver)

    authors = set(Post.objects.filter(pk__in=posts).values_list("author__username", flat=True))
    assert authors == {DELETED_MEMBER_NAME}
    assert Thread.objects.get(title="My garden").starter.username == DELETED_MEMBER_NAME
    assert not Post.objects.filter(pk__in=posts, is_hidden=True).exists()


def test_deleting_takes_back_the_likes_given_with_every_counter_exact(leaver):
    delete_member(member=leaver, by=leaver)

    assert Like.objects.count() == 1  # the like the leaver received stays, on the kept post
    assert fixes_recount_would_make() == {}
    assert User.objects.get(username="other").likes_received == 0


def test_the_username_is_free_again_by_default(leaver):
    delete_member(member=leaver, by=leaver)

    assert not User.objects.filter(username="leaver").exists()
    UserFactory(username="leaver")  # anyone may sign up with it


def test_the_username_can_be_kept_reserved(leaver, settings):
    settings.FORUM_DELETED_MEMBER_USERNAME = "reserve"

    delete_member(member=leaver, by=leaver)

    kept = User.objects.get(username="leaver")
    assert (kept.is_active, kept.email, kept.has_usable_password()) == (False, "", False)
    assert not kept.posts.exists()
    assert fixes_recount_would_make() == {}


def test_a_deleted_members_posts_can_be_hidden_instead(
    leaver, settings, django_capture_on_commit_callbacks
):
    settings.FORUM_DELETED_MEMBER_POSTS = "hide"

    # With what waits for the commit: the alert counts of the members told of what it hid.
    with django_capture_on_commit_callbacks(execute=True):
        delete_member(member=leaver, by=leaver)

    assert Thread.objects.get(title="My garden").is_hidden
    assert Post.objects.get(body="A **good** spade.").is_hidden
    assert fixes_recount_would_make() == {}


def test_an_unknown_setting_is_refused(leaver, settings):
    settings.FORUM_DELETED_MEMBER_POSTS = "shred"

    with pytest.raises(ImproperlyConfigured):
        delete_member(member=leaver, by=leaver)
    assert User.objects.filter(username="leaver").exists()


def test_an_administrators_deletion_is_logged_and_a_members_own_is_not(leaver, administrator):
    other = User.objects.get(username="other")
    delete_member(member=leaver, by=leaver)
    delete_member(member=other, by=administrator, reason="Asked by mail")

    entries = ModerationLog.objects.filter(action=Action.DELETE_MEMBER)
    assert [(e.target_repr, e.reason, e.actor) for e in entries] == [
        ("other", "Asked by mail", administrator)
    ]


def test_mentions_of_a_deleted_member_stay_as_text(leaver, thread, no_flood_interval):
    mention = reply_to_thread(thread=thread, author=UserFactory(), body="Thanks @leaver!")
    assert "/members/leaver" in mention.body_html

    delete_member(member=leaver, by=leaver)

    mention.refresh_from_db()
    assert "@leaver" in mention.body_html
    assert "/members/leaver" not in mention.body_html


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_likes_given_to_a_member_while_they_are_deleted_leave_counters_exact(
    board, no_flood_interval
):
    leaver = UserFactory(username="leaver")
    thread = start_thread(board=board, author=leaver, title="Last words", body="Goodbye.")
    replies = [reply_to_thread(thread=thread, author=leaver, body=f"And {n}.") for n in range(4)]
    fans = [UserFactory() for _ in range(4)]
    jobs = [lambda: delete_member(member=leaver, by=leaver)]
    jobs += [lambda p=p, f=f: like_post(post=p, user=f) for p, f in zip(replies, fans, strict=True)]

    assert errors_of(run_at_once(*jobs)) == []
    assert not User.objects.filter(username="leaver").exists()
    assert fixes_recount_would_make() == {}


def test_a_deleted_members_avatar_files_go_with_the_account(
    leaver, settings, tmp_path, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts.avatars import make_avatar_files
    from accounts.services import set_avatar
    from tests.avatar_files import picture

    settings.MEDIA_ROOT = str(tmp_path)
    upload = SimpleUploadedFile("me.png", picture("PNG"), content_type="image/png")
    set_avatar(member=leaver, by=leaver, files=make_avatar_files(upload))
    assert [path for path in tmp_path.rglob("*") if path.is_file()]

    with django_capture_on_commit_callbacks(execute=True):
        delete_member(member=leaver, by=leaver)

    assert not [path for path in tmp_path.rglob("*") if path.is_file()]


def test_a_deleted_members_conversation_messages_stay_as_by_deleted_member(leaver):
    from forum.conversations.models import Message
    from forum.conversations.services import start_conversation

    start_conversation(
        starter=leaver, recipients=[User.objects.get(username="other")], title="Hi", body="Hello."
    )

    delete_member(member=leaver, by=leaver)

    assert Message.objects.get(body="Hello.").author.username == DELETED_MEMBER_NAME


@pytest.mark.parametrize("username_mode", ["free", "reserve"])
def test_a_deleted_members_conversations_count_them_no_more(leaver, settings, username_mode):
    from forum.conversations.models import Conversation
    from forum.conversations.services import start_conversation

    settings.FORUM_DELETED_MEMBER_USERNAME = username_mode
    other = User.objects.get(username="other")
    third = UserFactory(username="third")
    started = start_conversation(
        starter=leaver, recipients=[other, third], title="Hi", body="Hello."
    )

    delete_member(member=leaver, by=leaver)

    assert Conversation.objects.get(pk=started.pk).participant_count == 2
