"""The write services members use: edits with revisions, resubmissions, flood control, likes."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from forum.moderation.models import Action, ModerationLog
from forum.posts import services as post_services
from forum.posts.models import Like, Post, PostRevision
from forum.posts.services import (
    EditConflict,
    FloodControl,
    edit_post,
    hide_post,
    like_post,
    reply_to_thread,
    restore_post,
    start_thread,
    unlike_post,
)
from forum.threads.models import Thread
from tests.factories import PostFactory, UserFactory
from tests.helpers import assert_counters_true, fix_all_counters, make_thread

pytestmark = pytest.mark.django_db


def test_reply_takes_the_next_position(thread, member):
    post = reply_to_thread(thread=thread, author=member, body="Agreed.")

    assert post.position == 6


def test_reply_moves_every_counter(thread, member):
    post = reply_to_thread(thread=thread, author=member, body="Agreed.")

    thread.refresh_from_db()
    thread.board.refresh_from_db()
    member.refresh_from_db()
    assert thread.reply_count == 5
    assert thread.last_post == post
    assert thread.board.post_count == 6
    assert thread.board.last_post == post
    assert member.message_count == 1
    assert_counters_true()


def test_reply_stores_the_rendered_body(thread, member):
    post = reply_to_thread(thread=thread, author=member, body="**Agreed**")

    assert post.body == "**Agreed**"
    assert post.body_html == "<p><strong>Agreed</strong></p>"


def test_reply_raises_the_threads_and_boards_versions(thread, member):
    thread_version, board_version = thread.version, thread.board.version

    reply_to_thread(thread=thread, author=member, body="Agreed.")

    thread.refresh_from_db()
    thread.board.refresh_from_db()
    assert thread.version > thread_version
    assert thread.board.version > board_version


def test_hiding_a_reply_takes_it_out_of_the_counts(thread):
    reply = thread.posts.get(position=5)

    hide_post(post=reply, by=reply.author)

    thread.refresh_from_db()
    assert thread.reply_count == 3
    assert thread.last_post.position == 4
    assert_counters_true()


def test_restoring_a_reply_puts_it_back_in_the_counts(thread):
    reply = thread.posts.get(position=5)
    hide_post(post=reply, by=reply.author)

    restore_post(post=reply, by=reply.author)

    thread.refresh_from_db()
    assert thread.reply_count == 4
    assert thread.last_post == reply
    assert_counters_true()


def test_hiding_a_hidden_reply_changes_nothing(thread):
    reply = thread.posts.get(position=3)
    hide_post(post=reply, by=reply.author)

    hide_post(post=reply, by=reply.author)

    assert_counters_true()


def test_first_post_cannot_be_hidden_apart_from_its_thread(thread):
    with pytest.raises(ValueError):
        hide_post(post=(post := thread.posts.get(position=1)), by=post.author)

    assert not Post.objects.filter(is_hidden=True).exists()


def test_reply_keeps_its_position_after_an_earlier_reply_is_hidden(thread, member):
    hide_post(post=(post := thread.posts.get(position=5)), by=post.author)

    post = reply_to_thread(thread=thread, author=member, body="Later.")

    assert post.position == 6


def test_like_counts_for_the_post_and_its_author(thread, member):
    post = thread.posts.get(position=2)

    assert like_post(post=post, user=member) is True

    post.refresh_from_db()
    assert post.like_count == 1
    assert User.objects.get(pk=post.author_id).likes_received == 1


def test_a_second_like_by_the_same_member_counts_once(thread, member):
    post = thread.posts.get(position=2)
    like_post(post=post, user=member)

    assert like_post(post=post, user=member) is False

    assert Like.objects.filter(post=post).count() == 1
    assert_counters_true()


def test_unlike_takes_the_like_back(thread, member):
    post = thread.posts.get(position=2)
    like_post(post=post, user=member)

    assert unlike_post(post=post, user=member) is True

    post.refresh_from_db()
    assert post.like_count == 0
    assert_counters_true()


def test_a_like_puts_its_member_first_among_the_posts_latest_likers(thread):
    post = thread.posts.get(position=2)
    first, second = UserFactory(username="first"), UserFactory(username="second")
    like_post(post=post, user=first)

    like_post(post=post, user=second)

    post.refresh_from_db()
    assert post.recent_likers == [[second.pk, "second"], [first.pk, "first"]]


def test_a_post_keeps_one_liker_more_than_it_names(thread, settings):
    settings.FORUM_LIKERS_SHOWN = 2
    post = thread.posts.get(position=2)
    likers = UserFactory.create_batch(5)
    for liker in likers:
        like_post(post=post, user=liker)

    post.refresh_from_db()
    assert [pk for pk, _ in post.recent_likers] == [liker.pk for liker in likers[:-4:-1]]
    assert post.like_count == 5


def test_an_unlike_takes_the_member_out_and_an_earlier_liker_back_in(thread, settings):
    settings.FORUM_LIKERS_SHOWN = 1
    post = thread.posts.get(position=2)
    likers = UserFactory.create_batch(3)
    for liker in likers:
        like_post(post=post, user=liker)

    unlike_post(post=post, user=likers[2])

    post.refresh_from_db()
    assert [pk for pk, _ in post.recent_likers] == [likers[1].pk, likers[0].pk]
    assert_counters_true()


def test_unlike_without_a_like_changes_nothing(thread, member):
    assert unlike_post(post=thread.posts.get(position=2), user=member) is False
    assert_counters_true()


def test_many_replies_and_likes_leave_every_counter_true(
    thread, django_capture_on_commit_callbacks
):
    members = UserFactory.create_batch(3)
    for index, author in enumerate(members * 3):
        post = reply_to_thread(thread=thread, author=author, body=f"Reply {index}")
        like_post(post=post, user=members[(index + 1) % 3])
    # With what waits for the commit: the recount of the alerts about the post it hides.
    with django_capture_on_commit_callbacks(execute=True):
        hide_post(post=(post := thread.posts.get(position=7)), by=post.author)

    assert_counters_true()


def test_hiding_and_restoring_a_post_keeps_every_counter_true(thread, moderator):
    reply = thread.posts.get(position=3)

    post_services.hide_post(post=reply, by=moderator, reason="Insult")
    entry = ModerationLog.objects.get()

    reply.refresh_from_db()
    assert reply.is_hidden
    assert (entry.action, entry.target, entry.reason) == (Action.HIDE_POST, reply, "Insult")
    assert entry.target_repr == f"Post #3 in “{thread.title}”"
    assert_counters_true()

    post_services.restore_post(post=reply, by=moderator)

    reply.refresh_from_db()
    assert not reply.is_hidden
    assert ModerationLog.objects.first().action == Action.RESTORE_POST
    assert_counters_true()


# ---- Editing --------------------------------------------------------------------------------


def test_editing_a_post_replaces_its_text_and_html(thread):
    post = thread.posts.get(position=2)

    edited = edit_post(post=post, by=post.author, body="*Changed*", expected_revision=1)

    assert edited.body == "*Changed*"
    assert edited.body_html == "<p><em>Changed</em></p>"
    assert edited.revision == 2
    assert edited.edited_by == post.author
    assert edited.edited_at is not None


def test_editing_a_post_keeps_the_earlier_version_as_a_revision(thread):
    post = thread.posts.get(position=2)
    original = post.body

    edit_post(post=post, by=post.author, body="Second version", expected_revision=1)

    revision = PostRevision.objects.get(post=post)
    assert revision.number == 1
    assert revision.body == original
    assert revision.written_by == post.author
    assert revision.written_at == post.created_at
    assert revision.replaced_by == post.author


def test_each_edit_keeps_one_more_revision_with_who_wrote_it(thread, moderator):
    post = thread.posts.get(position=2)
    edit_post(post=post, by=post.author, body="Second", expected_revision=1)

    edit_post(post=post, by=moderator, body="Third", expected_revision=2)

    revisions = list(PostRevision.objects.filter(post=post).order_by("number"))
    assert [(r.number, r.body) for r in revisions][1] == (2, "Second")
    assert revisions[1].written_by == post.author
    assert revisions[1].replaced_by == moderator
    post.refresh_from_db()
    assert (post.body, post.revision, post.edited_by) == ("Third", 3, moderator)


def test_a_save_started_from_an_older_revision_is_refused_with_the_newer_version(thread):
    post = thread.posts.get(position=2)
    edit_post(post=post, by=post.author, body="Saved first", expected_revision=1)

    with pytest.raises(EditConflict) as refused:
        edit_post(post=post, by=post.author, body="Saved second", expected_revision=1)

    assert refused.value.post.body == "Saved first"
    assert refused.value.post.revision == 2
    post.refresh_from_db()
    assert post.body == "Saved first"
    assert PostRevision.objects.filter(post=post).count() == 1


def test_saving_the_same_text_again_keeps_no_revision(thread):
    post = thread.posts.get(position=2)

    edit_post(post=post, by=post.author, body=post.body, expected_revision=1)

    post.refresh_from_db()
    assert post.revision == 1
    assert post.edited_at is None
    assert not PostRevision.objects.exists()


def test_an_edit_raises_the_threads_version(thread):
    post = thread.posts.get(position=2)

    edit_post(post=post, by=post.author, body="New words", expected_revision=1)

    assert Thread.objects.get(pk=thread.pk).version == thread.version + 1


def test_an_edit_changes_no_counter(thread):
    post = thread.posts.get(position=2)

    edit_post(post=post, by=post.author, body="New words", expected_revision=1)

    assert_counters_true()


# ---- One post per submitted form ------------------------------------------------------------


def test_a_reply_sent_twice_with_its_form_token_makes_one_post(thread, member):
    token = uuid.uuid4()

    first = reply_to_thread(thread=thread, author=member, body="Once.", token=token)
    second = reply_to_thread(thread=thread, author=member, body="Once.", token=token)

    assert first == second
    assert thread.posts.filter(author=member).count() == 1
    assert_counters_true()


def test_a_form_sent_again_with_other_words_makes_a_second_post(thread, member):
    token = uuid.uuid4()
    reply_to_thread(thread=thread, author=member, body="First words.", token=token)

    reply_to_thread(thread=thread, author=member, body="Other words.", token=token)

    assert list(
        thread.posts.filter(author=member).order_by("position").values_list("body", flat=True)
    ) == [
        "First words.",
        "Other words.",
    ]


def test_two_members_never_share_a_form_token(thread, member):
    token = uuid.uuid4()
    other = UserFactory()
    reply_to_thread(thread=thread, author=member, body="Same words.", token=token)

    reply_to_thread(thread=thread, author=other, body="Same words.", token=token)

    assert thread.posts.filter(body="Same words.").count() == 2


def test_a_new_thread_sent_twice_makes_one_thread(board, member):
    token = uuid.uuid4()

    first = start_thread(board=board, author=member, title="Hi", body="Hello.", token=token)
    second = start_thread(board=board, author=member, title="Hi", body="Hello.", token=token)

    assert first == second
    assert Thread.objects.filter(board=board).count() == 1
    assert_counters_true()


# ---- Flood control --------------------------------------------------------------------------


def test_a_second_post_within_the_interval_is_refused_with_the_wait(thread, member, settings):
    settings.FORUM_FLOOD_INTERVAL = 30
    reply_to_thread(thread=thread, author=member, body="One.", check_flood=True)

    with pytest.raises(FloodControl) as refused:
        reply_to_thread(thread=thread, author=member, body="Two.", check_flood=True)

    assert 29 <= refused.value.wait_seconds <= 30
    assert "wait 30 seconds" in str(refused.value) or "wait 29 seconds" in str(refused.value)
    assert thread.posts.filter(author=member).count() == 1
    assert_counters_true()


def test_a_post_after_the_interval_is_accepted(thread, member, settings):
    settings.FORUM_FLOOD_INTERVAL = 30
    PostFactory(thread=thread, author=member, created_at=timezone.now() - timedelta(seconds=31))
    fix_all_counters()
    thread.refresh_from_db()

    post = reply_to_thread(thread=thread, author=member, body="Later.", check_flood=True)

    assert post.body == "Later."


def test_flood_control_counts_posts_in_other_threads(board, member, settings):

    settings.FORUM_FLOOD_INTERVAL = 30
    one, two = make_thread(posts=1, board=board), make_thread(posts=1, board=board)
    reply_to_thread(thread=one, author=member, body="Here.", check_flood=True)

    with pytest.raises(FloodControl):
        reply_to_thread(thread=two, author=member, body="And there.", check_flood=True)


def test_a_refused_first_post_leaves_no_thread_behind(board, member, settings):
    settings.FORUM_FLOOD_INTERVAL = 30
    start_thread(board=board, author=member, title="One", body="First.", check_flood=True)

    with pytest.raises(FloodControl):
        start_thread(board=board, author=member, title="Two", body="Second.", check_flood=True)

    assert list(Thread.objects.values_list("title", flat=True)) == ["One"]
    assert_counters_true()


def test_a_resubmitted_form_is_not_refused_as_flooding(thread, member, settings):
    settings.FORUM_FLOOD_INTERVAL = 30
    token = uuid.uuid4()
    first = reply_to_thread(thread=thread, author=member, body="Hi.", token=token, check_flood=True)

    again = reply_to_thread(thread=thread, author=member, body="Hi.", token=token, check_flood=True)

    assert again == first


def test_an_interval_of_zero_turns_flood_control_off(thread, member, settings):
    settings.FORUM_FLOOD_INTERVAL = 0
    reply_to_thread(thread=thread, author=member, body="One.", check_flood=True)

    reply_to_thread(thread=thread, author=member, body="Two.", check_flood=True)

    assert thread.posts.filter(author=member).count() == 2


# ---- Likes ----------------------------------------------------------------------------------


def test_a_like_moves_the_post_and_author_counters_and_the_threads_version(thread, member):
    post = thread.posts.get(position=2)

    assert like_post(post=post, user=member) is True

    post.refresh_from_db()
    post.author.refresh_from_db()
    assert post.like_count == 1
    assert post.author.likes_received == 1
    assert Thread.objects.get(pk=thread.pk).version == thread.version + 1
    assert_counters_true()


def test_liking_twice_counts_once_and_leaves_the_version_alone(thread, member):
    post = thread.posts.get(position=2)
    like_post(post=post, user=member)

    assert like_post(post=post, user=member) is False

    assert Post.objects.get(pk=post.pk).like_count == 1
    assert Thread.objects.get(pk=thread.pk).version == thread.version + 1


def test_unliking_takes_the_like_and_its_counts_back(thread, member):
    post = thread.posts.get(position=2)
    like_post(post=post, user=member)

    assert unlike_post(post=post, user=member) is True

    post.refresh_from_db()
    assert post.like_count == 0
    assert_counters_true()


def test_moderators_are_exempt_from_flood_control_by_permission(db):
    from forum.permissions import is_flood_exempt

    assert is_flood_exempt(UserFactory(role=Role.MODERATOR))
    assert not is_flood_exempt(UserFactory(role=Role.SENIOR_MEMBER))


def test_a_post_keeps_its_first_version_and_the_latest_earlier_ones(thread, settings):
    settings.FORUM_POST_MAX_REVISIONS = 3
    post = thread.posts.get(position=2)
    for revision in range(1, 7):
        post = edit_post(
            post=post, by=post.author, body=f"Text {revision}", expected_revision=revision
        )

    kept = list(post.revisions.order_by("number").values_list("number", flat=True))

    assert kept == [1, 5, 6]
    assert post.revision == 7


def test_hiding_a_post_keeps_who_hid_it_and_why_and_restoring_forgets(thread, moderator):
    reply = thread.posts.get(position=3)

    hide_post(post=reply, by=moderator, reason="Insults")
    hidden = Post.objects.get(pk=reply.pk)
    restore_post(post=reply, by=moderator)
    restored = Post.objects.get(pk=reply.pk)

    assert (hidden.hidden_by, hidden.hidden_reason) == (moderator, "Insults")
    assert hidden.hidden_at is not None
    assert (restored.hidden_by, restored.hidden_at, restored.hidden_reason) == (None, None, "")


LINK = "See https://pills.example.com/cheap for more."


@pytest.fixture
def newcomer(db):
    return UserFactory(username="newcomer")


def test_a_new_members_reply_with_a_link_waits_for_approval_and_counts_nowhere(thread, newcomer):
    post = reply_to_thread(thread=thread, author=newcomer, body=LINK)

    post.refresh_from_db()
    assert (post.is_hidden, post.awaiting_approval) == (True, True)
    assert Thread.objects.get(pk=thread.pk).reply_count == thread.reply_count
    assert User.objects.get(pk=newcomer.pk).message_count == 0
    assert_counters_true()


def test_a_new_members_reply_without_links_is_published_at_once(thread, newcomer):
    post = reply_to_thread(thread=thread, author=newcomer, body="Plain words, @nobody.")

    assert (post.is_hidden, post.awaiting_approval) == (False, False)


def test_links_publish_at_once_after_the_first_posts(thread, newcomer, settings):
    settings.FORUM_MODERATE_FIRST_POSTS_WITH_LINKS = 2
    PostFactory.create_batch(2, author=newcomer)  # elsewhere

    post = reply_to_thread(thread=thread, author=newcomer, body=LINK)

    assert post.awaiting_approval is False


def test_a_moderators_links_never_wait(thread, moderator):
    assert reply_to_thread(thread=thread, author=moderator, body=LINK).awaiting_approval is False


def test_approving_a_waiting_post_publishes_it_counts_it_and_logs_it(thread, newcomer, moderator):
    post = reply_to_thread(thread=thread, author=newcomer, body=LINK)

    assert post_services.approve_post(post=post, by=moderator)

    post.refresh_from_db()
    assert (post.is_hidden, post.awaiting_approval) == (False, False)
    assert User.objects.get(pk=newcomer.pk).message_count == 1
    assert ModerationLog.objects.get().action == Action.APPROVE_POST
    assert_counters_true()


def test_rejecting_a_waiting_post_keeps_it_hidden_and_out_of_the_queue(thread, newcomer, moderator):
    post = reply_to_thread(thread=thread, author=newcomer, body=LINK)

    assert post_services.reject_post(post=post, by=moderator, reason="Spam link")

    post.refresh_from_db()
    assert (post.is_hidden, post.awaiting_approval, post.hidden_by) == (True, False, moderator)
    assert ModerationLog.objects.get().action == Action.REJECT_POST
    assert not post_services.approve_post(post=post, by=moderator)
    assert_counters_true()


def test_removing_a_spammer_turns_down_their_posts_waiting_for_approval(
    thread, newcomer, moderator
):
    post = reply_to_thread(thread=thread, author=newcomer, body=LINK)

    post_services.remove_spammer(member=newcomer, by=moderator)

    post.refresh_from_db()
    assert (post.is_hidden, post.awaiting_approval) == (True, False)
    assert_counters_true()
