"""A page's post rules (``PostRules``) answer what the single-post rules answer, everywhere."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.roles import Role
from forum import permissions
from tests.factories import UserFactory
from tests.helpers import make_thread

pytestmark = pytest.mark.django_db

VIEWERS = ["anonymous", "author", "member", "senior", "moderator", "administrator", "banned"]
THREADS = ["open", "locked", "hidden"]


def viewer_named(name, author):
    if name == "anonymous":
        return AnonymousUser()
    if name == "author":
        return author
    if name == "banned":
        return UserFactory(role=Role.MODERATOR, banned=True)
    role = {"member": Role.MEMBER, "senior": Role.SENIOR_MEMBER}.get(name, name)
    return UserFactory(role=role)


def single_post_rules(user, post):
    return permissions.PostActions(
        like=permissions.can_like_post(user, post),
        quote=permissions.can_quote_post(user, post),
        edit=permissions.can_edit_post(user, post),
        hide=permissions.can_hide_post(user, post),
        history=permissions.can_view_post_history(user, post),
        report=permissions.can_report_post(user, post),
        restore=permissions.can_restore_post(user, post),
        quote_after_login=permissions.can_quote_post_after_login(user, post),
    )


@pytest.mark.parametrize(("viewer", "state"), list(itertools.product(VIEWERS, THREADS)))
def test_a_pages_post_rules_agree_with_the_single_post_rules(board, viewer, state):
    author = UserFactory()
    thread = make_thread(posts=5, board=board)
    thread.is_locked = state == "locked"
    thread.is_hidden = state == "hidden"
    # The author's first post, someone's hidden reply, someone's reply, the author's reply,
    # the author's hidden reply.
    posts = list(thread.posts.order_by("position"))
    for post, by_author, hidden in zip(posts, [1, 0, 0, 1, 1], [0, 1, 0, 0, 1], strict=True):
        post.author = author if by_author else post.author
        post.is_hidden = bool(hidden)
        post.thread = thread
    user = viewer_named(viewer, author)
    rules = permissions.PostRules(user, thread)

    for post in posts:
        assert rules.for_post(post) == single_post_rules(user, post), (post.position, viewer)
