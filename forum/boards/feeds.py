"""The Atom feed of a board's new threads (what a board page links as ``rel="alternate"``)."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from forum.boards.models import Board

FEED_ITEMS = 30


class BoardThreadsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug):
        return get_object_or_404(Board, slug=slug)

    def title(self, board):
        return f"New threads in {board.name} – {settings.FORUM_NAME}"

    def link(self, board):
        return board.get_absolute_url()

    def subtitle(self, board):
        return board.description or f"The latest threads started in {board.name}."

    def items(self, board):
        # What any visitor may read: a feed reader has no session, so hidden threads stay out.
        visible = board.threads.visible_to(AnonymousUser())
        return visible.select_related("starter").order_by("-created_at", "-id")[:FEED_ITEMS]

    def item_title(self, thread):
        return thread.title

    def item_description(self, thread):
        return f"Started by {thread.starter.username}."

    def item_author_name(self, thread):
        return thread.starter.username

    def item_pubdate(self, thread):
        return thread.created_at

    def item_updateddate(self, thread):
        return thread.last_post_at
