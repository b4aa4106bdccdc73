"""Signals of the accounts app, for apps above it that keep rows about a member."""

from django.dispatch import Signal

# Sent by ``forum.posts.members.delete_member`` inside the deletion's transaction, before any of
# its own locks and before the account goes (or is emptied), with ``member``. An app above the
# posts app that counts the member somewhere (conversations' participants) settles it here:
# the deletion cannot call into apps above its own.
member_deleting = Signal()
