"""A member's data archive, assembled from every app that holds some of it.

It sits above the apps it reads (posts, conversations): each keeps the rule for its own part
(``forum.posts.members``, ``forum.conversations.members``); this package joins them, and
decides whether the archive is built at once or by the background worker.
"""
