"""'A, B and N others like this': who likes each post of a page, read in one query."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache

from forum.cache import likers_key
from forum.posts.models import Like


@dataclass(frozen=True)
class LikeSummary:
    """The names shown under a post (the viewer first, as "You") and how many more there are."""

    likers: list = field(default_factory=list)  # members, or None standing for "You"
    others: int = 0

    @property
    def verb(self):
        alone = len(self.likers) == 1 and not self.others
        return "likes" if alone and self.likers[0] is not None else "like"

    def __bool__(self):
        return bool(self.likers or self.others)


@dataclass(frozen=True)
class Liker:
    """A member named in a like summary: what the summary shows of them, and nothing else,
    so that a page's likers can be kept in the shared cache."""

    pk: int
    username: str
    url: str


def summarise(*, count, latest_likers, viewer_likes, viewer=None, shown=None):
    """The summary of a post with ``count`` likes, given its latest likers (newest first)."""
    shown = shown or settings.FORUM_LIKERS_SHOWN
    viewer_pk = viewer.pk if viewer is not None else None
    others_first = [member for member in latest_likers if member.pk != viewer_pk]
    likers = ([None] if viewer_likes else []) + others_first
    likers = likers[:shown]
    return LikeSummary(likers=likers, others=max(count - len(likers), 0))


def latest_likers(post_ids):
    """``{post id: [Liker, ...]}``, newest first, enough of them for any viewer's summary.

    One query for the posts, whatever their number of likes.
    """
    per_post = settings.FORUM_LIKERS_SHOWN + 1  # one spare, in case the viewer is among them
    latest = {}
    for like in Like.objects.latest_per_post(post_ids, per_post):
        member = like.user
        latest.setdefault(like.post_id, []).append(
            Liker(member.pk, member.username, member.get_absolute_url())
        )
    return latest


def attach_like_summaries(posts, viewer, *, likers=latest_likers):
    """Set ``like_summary`` on each of ``posts`` (annotated by ``with_liked_by``).

    ``likers`` gives the latest likers of the posts' ids (``latest_likers``, or a cached
    copy of it); it is not asked if no post has a like.
    """
    liked = [post.pk for post in posts if post.like_count]
    latest = likers(liked) if liked else {}
    viewer = viewer if viewer.is_authenticated else None
    for post in posts:
        post.like_summary = summarise(
            count=post.like_count,
            latest_likers=latest.get(post.pk, []),
            viewer_likes=post.liked_by_viewer,
            viewer=viewer,
        )
    return posts


def shared_likers(thread):
    """``latest_likers`` for posts of ``thread``, through the shared cache."""

    def likers(post_ids):
        if settings.FORUM_PAGE_CACHE_SECONDS <= 0:
            return latest_likers(post_ids)
        key = likers_key(thread, post_ids)
        found = cache.get(key)
        if found is None:
            found = latest_likers(post_ids)
            cache.set(key, found, settings.FORUM_PAGE_CACHE_SECONDS)
        return found

    return likers
