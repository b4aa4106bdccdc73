"""The Atom feed of a thread's new posts (what a thread page links as ``rel="alternate"``)."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from forum.posts.models import Post
from forum.threads.models import Thread

FEED_ITEMS = 30


class ThreadPostsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, pk):
        # A feed reader has no session: it reads what any visitor may.
        return get_object_or_404(Thread.objects.visible_to(AnonymousUser()), pk=pk)

    def title(self, thread):
        return f"{thread.title} – {settings.FORUM_NAME}"

    def link(self, thread):
        return thread.get_absolute_url()

    def subtitle(self, thread):
        return f"The latest posts in “{thread.title}”."

    def items(self, thread):
        posts = Post.objects.filter(thread=thread, is_hidden=False).select_related("author")
        posts = list(posts.order_by("-position")[:FEED_ITEMS])
        for post in posts:
            post.thread = thread  # item_link reads it; no query per post
        return posts

    def item_title(self, post):
        return f"#{post.position} by {post.author.username}"

    def item_link(self, post):
        return post.thread.get_position_url(post.position)

    def item_description(self, post):
        # The sanitised HTML the thread page shows (forum.markup made it safe on write).
        return post.body_html

    def item_author_name(self, post):
        return post.author.username

    def item_pubdate(self, post):
        return post.created_at

    def item_updateddate(self, post):
        return post.edited_at or post.created_at
