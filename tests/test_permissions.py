"""A ban takes every moderator power at once: reading what is hidden as much as acting."""

import pytest

from accounts.roles import Role
from forum import permissions
from forum.posts.services import edit_post
from tests.factories import UserFactory
from tests.helpers import make_thread

pytestmark = pytest.mark.django_db

STAFF = [Role.MODERATOR, Role.ADMINISTRATOR]


@pytest.fixture
def hidden_scene(board):
    """A hidden thread, and an open one whose edited second post is hidden."""
    hidden_thread = make_thread(posts=2, board=board, is_hidden=True)
    thread = make_thread(posts=3, board=board)
    post = thread.posts.get(position=2)
    edit_post(post=post, by=post.author, body="Second thoughts.", expected_revision=1)
    post.refresh_from_db()
    post.is_hidden = True
    post.save(update_fields=["is_hidden"])
    return hidden_thread, thread, post


@pytest.mark.parametrize("role", STAFF)
def test_staff_read_what_is_hidden_and_earlier_versions(hidden_scene, role):
    hidden_thread, thread, post = hidden_scene
    user = UserFactory(role=role)

    assert permissions.can_view_hidden(user)
    assert permissions.can_view_thread(user, hidden_thread)
    assert permissions.can_view_post(user, post)
    assert permissions.can_view_history_in_thread(user, thread)
    assert permissions.can_view_post_history(user, post)


@pytest.mark.parametrize("role", STAFF)
def test_banned_staff_read_nothing_hidden_nor_earlier_versions(hidden_scene, role):
    hidden_thread, thread, post = hidden_scene
    user = UserFactory(role=role, banned=True)

    assert not permissions.can_view_hidden(user)
    assert not permissions.can_view_thread(user, hidden_thread)
    assert not permissions.can_view_post(user, post)
    assert not permissions.can_view_history_in_thread(user, thread)
    assert not permissions.can_view_post_history(user, post)


@pytest.mark.parametrize("role", STAFF)
def test_deactivated_staff_read_nothing_hidden(hidden_scene, role):
    hidden_thread, _, _ = hidden_scene
    user = UserFactory(role=role, is_active=False)

    assert not permissions.can_view_hidden(user)
    assert not permissions.can_view_thread(user, hidden_thread)


def test_a_banned_moderators_page_rules_offer_no_history(hidden_scene):
    _, thread, _ = hidden_scene
    user = UserFactory(role=Role.MODERATOR, banned=True)
    rules = permissions.PostRules(user, thread)
    shown = thread.posts.get(position=3)
    shown.edited_at = shown.created_at
    shown.thread = thread

    assert rules.for_post(shown) == permissions.NO_ACTIONS


def test_a_banned_moderator_gets_404_for_a_hidden_thread(client, hidden_scene):
    hidden_thread, _, _ = hidden_scene
    client.force_login(UserFactory(role=Role.MODERATOR, banned=True))

    assert client.get(hidden_thread.get_absolute_url()).status_code == 404


def test_a_banned_moderators_board_page_lists_no_hidden_thread(client, board, hidden_scene):
    hidden_thread, thread, _ = hidden_scene
    client.force_login(UserFactory(role=Role.MODERATOR, banned=True))

    html = client.get(board.get_absolute_url()).content.decode()
    assert thread.title in html
    assert hidden_thread.title not in html


def test_a_banned_moderators_thread_page_drops_hidden_posts_and_history_links(client, hidden_scene):
    _, thread, post = hidden_scene
    client.force_login(UserFactory(role=Role.MODERATOR, banned=True))

    html = client.get(thread.get_absolute_url()).content.decode()
    assert f'id="post-{post.position}"' not in html
    assert "/history/" not in html


def test_a_banned_moderator_cannot_open_a_post_history(client, hidden_scene):
    _, thread, _ = hidden_scene
    edited = thread.posts.get(position=3)
    edit_post(post=edited, by=edited.author, body="Changed my mind.", expected_revision=1)
    client.force_login(UserFactory(role=Role.MODERATOR, banned=True))

    assert client.get(f"/posts/{edited.pk}/history/").status_code == 403


def test_a_banned_moderator_is_refused_by_the_admin(client):
    client.force_login(UserFactory(role=Role.MODERATOR, banned=True))

    assert client.get("/admin/threads/thread/").status_code in (302, 403)
