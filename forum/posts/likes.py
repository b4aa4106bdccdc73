"""'A, B and N others like this': who likes each post, from what the post stores.

A post keeps its latest likers (``Post.recent_likers``: ids and names, newest first), written
by the like and unlike services with its ``like_count``, so reading a page of posts asks no
query for them.
"""

from dataclasses import dataclass, field

from django.conf import settings

from accounts.links import profile_url
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
    """A member named in a like summary: what the summary shows of them, and nothing else."""

    pk: int
    username: str

    @property
    def url(self):
        # As User.get_absolute_url, without loading the member.
        return profile_url(self.pk, self.username)


def stored_likers_count():
    """How many likers a post keeps: the names shown, and one spare in case the viewer is
    among them (they show as "You", first)."""
    return settings.FORUM_LIKERS_SHOWN + 1


def latest_likers(post_ids):
    """``{post id: [[member id, username], ...]}``, newest first, as ``Post.recent_likers``
    stores them: one query for the posts, whatever their number of likes."""
    latest = {}
    for like in Like.objects.latest_per_post(post_ids, stored_likers_count()):
        latest.setdefault(like.post_id, []).append([like.user.pk, like.user.username])
    return latest


def summarise(*, count, latest_likers, viewer_likes, viewer=None, shown=None):
    """The summary of a post with ``count`` likes, given its latest likers (newest first)."""
    shown = shown or settings.FORUM_LIKERS_SHOWN
    viewer_pk = viewer.pk if viewer is not None else None
    others_first = [member for member in latest_likers if member.pk != viewer_pk]
    likers = ([None] if viewer_likes else []) + others_first
    likers = likers[:shown]
    return LikeSummary(likers=likers, others=max(count - len(likers), 0))


def attach_like_summaries(posts, viewer):
    """Set ``like_summary`` on each of ``posts`` (annotated by ``with_liked_by``)."""
    viewer = viewer if viewer.is_authenticated else None
    for post in posts:
        post.like_summary = summarise(
            count=post.like_count,
            latest_likers=[Liker(pk, name) for pk, name in post.recent_likers or ()],
            viewer_likes=post.liked_by_viewer,
            viewer=viewer,
        )
    return posts
