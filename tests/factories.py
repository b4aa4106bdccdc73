"""Factories for the forum's models.

``PostFactory`` hands out the next position in its thread; counters are not maintained here:
tests of counters go through the services, and ``counters.fix_counters`` sets them when a test
builds rows directly.
"""

import factory
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from accounts.roles import Role
from accounts.services import set_member_role
from forum.boards.models import Board, Category
from forum.markup import render_post_body
from forum.posts.models import Like, Post, PostRevision
from forum.threads.models import Thread


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if create:
            set_member_role(user=user, role=extracted or Role.MEMBER)

    class Params:
        banned = factory.Trait(is_banned=True, ban_reason="Spamming the market board.")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board
        django_get_or_create = ["slug"]

    category = factory.SubFactory(CategoryFactory)
    name = factory.Sequence(lambda n: f"Board {n}")
    slug = factory.Sequence(lambda n: f"board-{n}")


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    board = factory.SubFactory(BoardFactory)
    title = factory.Sequence(lambda n: f"Thread number {n}")
    slug = factory.LazyAttribute(lambda thread: thread.title.lower().replace(" ", "-"))
    starter = factory.SubFactory(UserFactory)


def _next_position(post):
    last = Post.objects.filter(thread=post.thread).aggregate(last=Max("position"))["last"]
    return (last or 0) + 1


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    position = factory.LazyAttribute(_next_position)
    body = factory.Sequence(lambda n: f"Post body number {n}, with **some** words.")
    body_html = factory.LazyAttribute(lambda post: render_post_body(post.body))
    created_at = factory.LazyFunction(timezone.now)


class LikeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Like

    post = factory.SubFactory(PostFactory)
    user = factory.SubFactory(UserFactory)


class PostRevisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PostRevision

    post = factory.SubFactory(PostFactory)
    number = factory.Sequence(lambda n: n + 1)
    body = factory.Sequence(lambda n: f"An earlier version, number {n}.")
    written_by = factory.SelfAttribute("post.author")
    written_at = factory.LazyFunction(timezone.now)
    replaced_by = factory.SelfAttribute("post.author")
