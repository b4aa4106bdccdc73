import pytest

from accounts.models import User
from accounts.roles import Role
from forum.moderation.models import Action, ModerationLog
from forum.posts import services as post_services
from forum.posts.models import Post
from forum.threads import services as thread_services
from forum.threads.models import Thread
from tests.factories import UserFactory
from tests.helpers import make_thread

pytestmark = pytest.mark.django_db


def only_entry():
    (entry,) = ModerationLog.objects.all()
    return entry


def test_log_entries_outlive_their_target_and_keep_its_name(board, moderator):
    thread = make_thread(posts=2, board=board, title="Soon gone")
    thread_services.lock_thread(thread=thread, by=moderator)
    Thread.objects.filter(pk=thread.pk).delete()

    entry = only_entry()
    assert entry.target is None
    assert str(entry) == "Locked thread: Soon gone"


def test_a_targets_history_reads_newest_first(thread, moderator):
    thread_services.lock_thread(thread=thread, by=moderator)
    thread_services.pin_thread(thread=thread, by=moderator)
    thread_services.unlock_thread(thread=thread, by=moderator)

    actions = [entry.action for entry in ModerationLog.objects.for_target(thread)]

    assert actions == [Action.UNLOCK_THREAD, Action.PIN_THREAD, Action.LOCK_THREAD]


def test_a_log_entry_is_not_written_when_the_action_fails(thread, moderator):
    first = thread.posts.get(position=1)

    with pytest.raises(ValueError):
        post_services.hide_post(post=first, by=moderator)

    assert not ModerationLog.objects.exists()
    assert not Post.objects.get(pk=first.pk).is_hidden


def test_a_deleted_moderator_leaves_their_entries_behind(thread):
    moderator = UserFactory(role=Role.MODERATOR)
    thread_services.lock_thread(thread=thread, by=moderator)

    User.objects.filter(pk=moderator.pk).delete()

    assert only_entry().actor is None
