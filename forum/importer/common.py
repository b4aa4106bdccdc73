"""What the readers of every format share: names, numbers, dates and likes lines."""

import re
from datetime import UTC, datetime, timedelta

from allauth.account.adapter import get_adapter
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError

from forum.importer.structure import MAX_LENGTHS, DumpWarning

# "Jun 30, 2018", "Jun 30, 2018 at 2:23 PM", "Today at 9:14 AM", "Monday at 9:14 AM".
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DAY = r"[A-Z][a-z]{2} \d{1,2}, \d{4}"
RELATIVE_DAY = "|".join(("Today", "Yesterday", *WEEKDAYS))
TIME = r"\d{1,2}:\d{2} ?[AP]M"
DATE_TEXT = rf"(?:(?:{DAY})(?: at {TIME})?|(?:{RELATIVE_DAY}) at {TIME})"
_DATE_TEXT = re.compile(rf"^(?P<day>{DAY}|{RELATIVE_DAY})(?: at (?P<time>{TIME}))?$")
STAFF_BANNER = "Staff Member"
_OTHERS = re.compile(r"(?:and )?(?P<count>[\d,]+) others?")

# Banners XenForo shows after the custom title, longest first so "Super Moderator" wins. They
# are kept as text to show beside the member's posts: a dump is only text, and anyone can type
# "Administrator" into one, so a banner never becomes a role here.
BANNERS = (
    "Super Moderator",
    "Global Moderator",
    "Administrator",
    "Senior Member",
    "Moderator",
    "Admin",
)

# What a username may not hold, as sign-up says (Django's UnicodeUsernameValidator); each run
# of it becomes one underscore when a source name has to be made into a username.
_NOT_IN_USERNAMES = re.compile(r"[^\w.@+-]+")


def read_date(text, *, saved_on=None):
    """``(datetime or None, time known, why it is unknown)`` for a date as XenForo writes it.

    Relative days ("Today", "Yesterday", a weekday) are counted back from ``saved_on``, the day
    the page was saved; without it the day is unknown, never guessed.
    """
    match = _DATE_TEXT.match(" ".join(text.split()))
    if match is None:
        return None, False, f"'{text}' is not a date"
    day_text, time_text = match["day"], match["time"]
    if day_text in ("Today", "Yesterday") or day_text in WEEKDAYS:
        if saved_on is None:
            return None, False, f"'{text}' is relative and the page's save date is unknown"
        if day_text == "Today":
            day = saved_on
        elif day_text == "Yesterday":
            day = saved_on - timedelta(days=1)
        else:
            # XenForo writes a weekday for the six days before "Yesterday".
            back = (saved_on.weekday() - WEEKDAYS.index(day_text)) % 7 or 7
            day = saved_on - timedelta(days=back)
    else:
        day = datetime.strptime(day_text, "%b %d, %Y").date()
    if time_text is None:
        return datetime.combine(day, datetime.min.time(), tzinfo=UTC), False, ""
    clock = datetime.strptime(time_text.replace(" ", ""), "%I:%M%p").time()
    return datetime.combine(day, clock, tzinfo=UTC), True, ""


def from_unix(value):
    return datetime.fromtimestamp(int(value), tz=UTC)


def parse_count(text):
    digits = re.sub(r"[,.\s\u00a0]", "", text or "")
    return int(digits) if digits.isdigit() else None


def parse_likes(text, names=None):
    """``(names, others)`` of a likes line: "A, B and C like this.", "A and 7 others like this.",
    "You, A and B like this." ("You" is the saving member, unknown here: one of the others).

    ``names`` are the linked names when the page marks them (HTML), else read from the text.
    """
    text = " ".join(text.split())
    text = re.sub(r"\s*(?:likes?|reacted to) this\.?$", "", text)
    others_match = _OTHERS.search(text)
    others = parse_count(others_match["count"]) if others_match else 0
    if names is None:
        rest = _OTHERS.sub("", text)
        names = [
            name.strip()
            for name in re.split(r",\s*|\s+and\s+", rest)
            if name.strip() and name.strip() != "and"
        ]
    if "You" in names:
        names = [name for name in names if name != "You"]
        others += 1
    return names, others


def split_banners(banners):
    """``(role banner, other banners)`` from the banners a member's block shows."""
    banners = [banner for banner in banners if banner]
    # XenForo 1 writes "Staff Member", XenForo 2 "Staff member": a mark, not a role.
    role = next((b for b in banners if b.casefold() != STAFF_BANNER.casefold()), "")
    return role, tuple(banner for banner in banners if banner != role)


def clip(what, value, warnings, where):
    limit = MAX_LENGTHS[what]
    if len(value) <= limit:
        return value
    warnings.append(
        DumpWarning(0, f"the {what} is {len(value)} characters long; clipped to {limit}", where)
    )
    return value[:limit]


def give_usernames(posts, warnings):
    """Give each author the username sign-up would accept, warning once per changed name."""
    warned = set()
    for post in posts:
        name = post.author.source_name
        post.author.username, refusal = acceptable_username(name)
        if post.author.username != name and name not in warned:
            warned.add(name)
            warnings.append(
                DumpWarning(
                    0,
                    f"{name!r} cannot be a username here ({refusal}); it becomes "
                    f"{post.author.username!r}",
                    post_label(post),
                )
            )


def post_label(post):
    page = f"page {post.page}, " if post.page else ""
    return (
        f"{page}post #{post.number}" if post.number else f"{page}post by {post.author.source_name}"
    )


def number_posts(posts, warnings):
    """Give each post its source number as position; warn about gaps. Posts without a number
    (a style that hides "#N") take the next free one."""
    previous = None
    for post in posts:
        if post.number is None:
            post.position = (previous or 0) + 1
            warnings.append(
                DumpWarning(
                    0,
                    f"the post shows no number; it is numbered #{post.position}",
                    post_label(post),
                )
            )
        else:
            post.position = post.number
            if previous is not None and post.number > previous + 1:
                missing = post.number - previous - 1
                warnings.append(
                    DumpWarning(
                        0,
                        f"post numbers jump to #{post.number}: {missing} post(s) before it "
                        "are not in the page",
                        post_label(post),
                    )
                )
        previous = post.position


KNOWN_BANNERS = (*BANNERS, STAFF_BANNER)


def is_banner(text):
    return text in KNOWN_BANNERS


def acceptable_username(name):
    """``(username, why the name is not one itself)``; the reason is "" for a good name."""
    normalised = AbstractBaseUser.normalize_username(name)
    try:
        username = get_adapter().clean_username(normalised, shallow=True)
        # Fullwidth or other compatibility letters: "Ｙｕｓｕｆ" would pass for "Yusuf".
        return username, "" if username == name else "it is written in compatibility characters"
    except ValidationError as error:
        refusal = error.messages[0].rstrip(".")
    cleaned = _NOT_IN_USERNAMES.sub("_", normalised).strip("_")[:150] or "member"
    try:
        return get_adapter().clean_username(cleaned, shallow=True), refusal
    except ValidationError:
        # A blacklisted name stays refused however it is spelled.
        return "member", refusal
