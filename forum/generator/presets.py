"""What ``generate_forum`` makes: plans of members, boards, threads and posts, one per preset.

A preset only plans: it says who posted what, when, in which thread, who liked it and what is
hidden, deterministically for a seed. ``forum.generator.writer`` turns the plan into rows and
works out every counter from it. Bodies are Markdown sources given by ``body(post)`` as a pair
(source, html), the HTML always made by the forum's own ``render_post_body``.
"""

import itertools
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from accounts.roles import Role
from forum.generator import benchspec
from forum.markup import render_post_body


@dataclass(slots=True)
class MemberPlan:
    username: str
    email: str
    role: str
    date_joined: datetime
    title: str = ""
    location: str = ""


@dataclass(slots=True)
class PostPlan:
    author: int  # index into the preset's members
    created_at: datetime
    body: object  # whatever the preset's body() understands
    likers: tuple = ()
    is_hidden: bool = False
    edited_at: datetime | None = None


@dataclass(slots=True)
class ThreadPlan:
    index: int
    board: int  # index into the preset's boards, in category order
    title: str
    created_at: datetime
    posts: list = field(default_factory=list)
    is_pinned: bool = False
    is_locked: bool = False
    is_hidden: bool = False

    @property
    def starter(self):
        return self.posts[0].author


class Preset:
    """A forum to generate. Subclasses plan members, categories and threads."""

    name = ""
    description = ""
    password = "generated-pass"
    # Drop secondary indexes and foreign keys during a PostgreSQL load, then rebuild them:
    # worth it from a few hundred thousand rows on.
    defer_indexes = False
    # Only PostgreSQL's COPY loads millions of rows in minutes.
    needs_postgresql = False

    def __init__(self, seed=1):
        self.seed = seed

    def members(self):
        raise NotImplementedError

    def categories(self):
        """``[(category name, [board name, ...]), ...]`` in display order."""
        raise NotImplementedError

    def thread_total(self):
        raise NotImplementedError

    def post_total(self):
        raise NotImplementedError

    def threads(self):
        """Every ``ThreadPlan``, oldest first."""
        raise NotImplementedError

    def body(self, post):
        """``(source, html)`` of ``post``."""
        raise NotImplementedError


# --- Text -----------------------------------------------------------------------------------

VOCABULARY = (  # noqa: SIM905 (a word list reads best as text)
    "the a this that every some our their new old first last good better best small large "
    "fast slow simple careful honest quiet loud early late forum thread reply post member "
    "board question answer idea plan map route engine radar ship river city border summer "
    "winter report source photo story debate treaty budget army navy market harbour "
    "railway bridge mountain valley season history article argument evidence detail "
    "problem reason think believe agree disagree suggest remember explain read wrote "
    "found built moved said shows needs makes keeps looks works seems goes comes takes "
    "gives finds tells asks tries because although however perhaps indeed really quite "
    "rather mostly usually sometimes with without about after before during between "
    "against around through under over"
).split()
NAMES_FIRST = (  # noqa: SIM905 (a word list reads best as text)
    "alex sam jo kim lee max ana ravi omar yusuf mira lena ivan nora teo zara kai noor "
    "eli maya arjun sofia hugo ines leo ada otto rosa amir dev yuki lars finn iris juno"
).split()
NAMES_LAST = (  # noqa: SIM905 (a word list reads best as text)
    "smith rao khan silva novak berg costa meyer ito park dubois rossi nagy horvat ali "
    "fischer petrov kowal lind moreau ortiz shah wang sato cruz"
).split()
LOCATIONS = [
    "Berlin, Germany",
    "Pune, India",
    "Lagos, Nigeria",
    "São Paulo, Brazil",
    "Toronto, Canada",
    "Kraków, Poland",
    "EST, USA",
    "Osaka, Japan",
    "Melbourne, Australia",
    "Nairobi, Kenya",
]
TITLES = ["Veteran", "Night owl", "Map collector", "Regular", "Old hand", "Lurker no more"]


# The words of generated posts follow Zipf's law, as the words of real text do: the list above
# is the frequent head (stop words first, then the forum's everyday words), followed by a long
# tail of made-up words built from syllables, deterministically, so that the same seed always
# writes the same text. Drawn uniformly from a hundred words, every word of every phrase would be
# in nearly every post, which no forum's text is like, and search figures measured on it would
# say nothing about a real forum.
_ONSETS = "b c d f g h j k l m n p r s t v w z br cl dr gr pl st tr sh ch".split()  # noqa: SIM905
_VOWELS = "a e i o u a e i o u ai ea ou".split()  # noqa: SIM905
_CODAS = ["", "", "", "n", "r", "s", "l", "m", "t", "nd", "st", "rk"]
TAIL_WORDS = 6_000


def _made_up_words(count):
    rng = random.Random("forum-generator-vocabulary")
    seen = set(VOCABULARY)
    words = []
    while len(words) < count:
        syllables = rng.choice((2, 2, 2, 3))
        word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables))
        word += rng.choice(_CODAS)
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


WORDS = (*VOCABULARY, *_made_up_words(TAIL_WORDS))
# Zipf-Mandelbrot weights 1 / (rank + 2.7): the head's 130 words make about half the text, and
# a tail word appears in a few posts of a thousand, or fewer.
_CUMULATIVE = tuple(itertools.accumulate(1 / (rank + 2.7) for rank in range(len(WORDS))))


def words(rng, count):
    """``count`` words drawn from ``WORDS`` by their Zipf weight."""
    return rng.choices(WORDS, cum_weights=_CUMULATIVE, k=count)


def word(rng):
    return words(rng, 1)[0]


def sentence(rng, count=None):
    text = " ".join(words(rng, count or rng.randint(6, 18)))
    return text[0].upper() + text[1:] + rng.choice(".....?!")


def paragraph(rng, sentences=None):
    return " ".join(sentence(rng) for _ in range(sentences or rng.randint(1, 4)))


def markdown_body(rng, quoted_names=()):
    """A post in the forum's markup: paragraphs with, now and then, emphasis, links, lists,
    code, headings and attributed quotes, as members write them."""
    blocks = []
    if quoted_names and rng.random() < 0.15:
        name = rng.choice(quoted_names)
        blocks.append(f'[quote="{name}"]\n{paragraph(rng, 1)}\n[/quote]')
    for _ in range(rng.randint(1, 4)):
        kind = rng.random()
        if kind < 0.62:
            text = paragraph(rng)
            words = text.split(" ")
            if len(words) > 6 and rng.random() < 0.4:
                i = rng.randrange(len(words) - 2)
                mark = rng.choice(["**", "*", "`", "~~"])
                words[i] = f"{mark}{words[i]}{mark}"
            if rng.random() < 0.12:
                words.append(f"See https://example.org/{word(rng)}/{rng.randint(1, 999)}")
            if rng.random() < 0.1:
                words.append(f"[{word(rng)}](https://example.com/{rng.randint(1, 99)})")
            blocks.append(" ".join(words))
        elif kind < 0.74:
            marker = rng.choice(["-", "*", "1."])
            blocks.append(
                "\n".join(f"{marker} {sentence(rng, rng.randint(3, 8))}" for _ in range(3))
            )
        elif kind < 0.84:
            blocks.append("> " + paragraph(rng, rng.randint(1, 2)))
        elif kind < 0.92:
            lines = [f"{word(rng)} = {rng.randint(1, 9999)}" for _ in range(3)]
            blocks.append("```\n" + "\n".join(lines) + "\n```")
        else:
            blocks.append("### " + sentence(rng, rng.randint(2, 5)).rstrip(".?!"))
    return "\n\n".join(blocks)


def pick_likers(rng, count, members, author):
    """``count`` distinct members other than ``author``."""
    likers = set()
    while len(likers) < count:
        liker = rng.randrange(members)
        if liker != author:
            likers.add(liker)
    return tuple(sorted(likers))


def like_count(rng):
    """Likes on one post: most get none, a few get several."""
    roll = rng.random()
    if roll < 0.7:
        return 0
    if roll < 0.88:
        return 1
    if roll < 0.96:
        return 2
    return rng.randint(3, 8)


# --- Presets --------------------------------------------------------------------------------


class BenchPreset(Preset):
    name = "bench"
    description = (
        "The peer benchmark's data: 200 members, 1 board, 2,000 threads (thread 0 has 1,000 "
        "posts, the others 10), ~600-character posts in 3 paragraphs, each rendered."
    )
    password = benchspec.PASSWORD

    def members(self):
        rng = random.Random(self.seed)
        plans = []
        for i in range(benchspec.N_USERS):
            if i == 0:
                role = Role.ADMINISTRATOR
            elif i < 3:
                role = Role.MODERATOR
            elif i < 20:
                role = Role.SENIOR_MEMBER
            else:
                role = Role.MEMBER
            plans.append(
                MemberPlan(
                    username=benchspec.username(i),
                    email=benchspec.email(i),
                    role=role,
                    date_joined=benchspec.BASE_TIME - timedelta(days=400 - i),
                    title=rng.choice(TITLES) if rng.random() < 0.1 else "",
                    location=rng.choice(LOCATIONS) if rng.random() < 0.3 else "",
                )
            )
        return plans

    def categories(self):
        return [(benchspec.CATEGORY_NAME, [benchspec.FORUM_NAME])]

    def thread_total(self):
        return benchspec.N_THREADS

    def post_total(self):
        return sum(benchspec.posts_in_thread(t) for t in range(benchspec.N_THREADS))

    def threads(self):
        for t in range(benchspec.N_THREADS):
            rng = random.Random(self.seed * 1_000_003 + t)
            posts = []
            for j in range(benchspec.posts_in_thread(t)):
                author = benchspec.poster_index(t, j)
                likers = pick_likers(rng, like_count(rng), benchspec.N_USERS, author)
                posts.append(
                    PostPlan(
                        author=author,
                        created_at=benchspec.post_time(t, j),
                        body=(t, j),
                        likers=likers,
                    )
                )
            yield ThreadPlan(
                index=t,
                board=0,
                title=benchspec.thread_title(t),
                created_at=benchspec.thread_start(t),
                posts=posts,
            )

    def body(self, post):
        source = benchspec.post_text(*post.body)
        return source, render_post_body(source)


class ShapedPreset(Preset):
    """A forum of a given shape: members with a few staff, boards in categories, threads of
    varied length (one very long), posts by a skewed few, some hidden, pinned and locked.

    Bodies come from a pool of distinct Markdown posts, each rendered once by
    ``render_post_body`` and reused: rendering millions of posts one by one would take hours
    and tell a reader nothing more.
    """

    n_members = 0
    n_categories = 0
    boards_per_category = 0
    n_threads = 0
    n_posts = 0
    big_thread_posts = 0
    body_pool = 0
    staff = {Role.ADMINISTRATOR: 2, Role.MODERATOR: 10, Role.SENIOR_MEMBER: 100}
    start = datetime(2020, 1, 1, tzinfo=UTC)
    span = timedelta(days=5 * 365)
    hidden_thread_rate = 0.003
    hidden_post_rate = 0.01
    locked_rate = 0.01
    pinned_per_board = 2
    pinned_rate = 0.001
    edited_rate = 0.03

    def members(self):
        rng = random.Random(f"{self.seed}:members")
        roles = list(
            itertools.chain.from_iterable([role] * count for role, count in self.staff.items())
        )
        plans = []
        for i in range(self.n_members):
            name = f"{rng.choice(NAMES_FIRST)}_{rng.choice(NAMES_LAST)}{i + 1}"
            plans.append(
                MemberPlan(
                    username=name,
                    email=f"{name}@example.com",
                    role=roles[i] if i < len(roles) else Role.MEMBER,
                    date_joined=self.start - timedelta(days=365) + self.span * rng.random() / 2,
                    title=rng.choice(TITLES) if rng.random() < 0.05 else "",
                    location=rng.choice(LOCATIONS) if rng.random() < 0.3 else "",
                )
            )
        return plans

    def categories(self):
        rng = random.Random(f"{self.seed}:boards")
        return [
            (
                f"{sentence(rng, 2).rstrip('.?!')} {c + 1}",
                [
                    f"{sentence(rng, 2).rstrip('.?!')} {c * self.boards_per_category + b + 1}"
                    for b in range(self.boards_per_category)
                ],
            )
            for c in range(self.n_categories)
        ]

    def thread_total(self):
        return self.n_threads

    def post_total(self):
        return self.n_posts

    def thread_lengths(self):
        """Posts per thread: thread 0 the long one, the rest skewed (many short, a few long),
        adding up exactly to ``n_posts``."""
        rng = random.Random(f"{self.seed}:lengths")
        others = self.n_threads - 1
        budget = self.n_posts - self.big_thread_posts
        mean = budget / others
        lengths = [max(1, int(rng.expovariate(1 / mean)) + 1) for _ in range(others)]
        # Scale to the exact total, then spread the rounding difference one post at a time.
        scale = budget / sum(lengths)
        lengths = [max(1, round(n * scale)) for n in lengths]
        difference = budget - sum(lengths)
        step = 1 if difference > 0 else -1
        i = 0
        while difference:
            if step > 0 or lengths[i % others] > 1:
                lengths[i % others] += step
                difference -= step
            i += 1
        return [self.big_thread_posts, *lengths]

    def pool(self):
        if not hasattr(self, "_pool"):
            rng = random.Random(f"{self.seed}:bodies")
            names = [plan.username for plan in self.members()[:50]]
            sources = [markdown_body(rng, names) for _ in range(self.body_pool)]
            self._pool = [(source, render_post_body(source)) for source in sources]
        return self._pool

    def threads(self):
        rng = random.Random(f"{self.seed}:threads")
        lengths = self.thread_lengths()
        n_boards = self.n_categories * self.boards_per_category
        # Posters: a few members write most of the posts, as on every forum.
        weights = [1 / (rank + 10) for rank in range(self.n_members)]
        cumulative = list(itertools.accumulate(weights))
        members = range(self.n_members)
        pinned = dict.fromkeys(range(n_boards), self.pinned_per_board)
        step = self.span / self.n_threads
        for t, length in enumerate(lengths):
            started = self.start + step * t + timedelta(seconds=rng.randrange(600))
            board = 0 if t == 0 else rng.randrange(n_boards)
            # Replies come minutes to days apart; the long thread keeps going for years.
            gap = (self.span * 0.95) / length if t == 0 else timedelta(hours=rng.randint(1, 48))
            authors = rng.choices(members, cum_weights=cumulative, k=length)
            created = started
            posts = []
            for position in range(1, length + 1):
                author = authors[position - 1]
                roll = rng.random()
                posts.append(
                    PostPlan(
                        author=author,
                        created_at=created,
                        body=rng.randrange(self.body_pool),
                        likers=pick_likers(rng, like_count(rng), self.n_members, author),
                        is_hidden=position > 1 and roll < self.hidden_post_rate,
                        edited_at=(
                            created + timedelta(minutes=rng.randint(1, 90))
                            if roll > 1 - self.edited_rate
                            else None
                        ),
                    )
                )
                created += gap * (0.5 + rng.random())
            is_pinned = t > 0 and pinned[board] > 0 and rng.random() < self.pinned_rate
            if is_pinned:
                pinned[board] -= 1
            yield ThreadPlan(
                index=t,
                board=board,
                title=sentence(rng, rng.randint(3, 9)).rstrip(".?!"),
                created_at=started,
                posts=posts,
                is_pinned=is_pinned,
                is_locked=rng.random() < self.locked_rate,
                is_hidden=t > 0 and rng.random() < self.hidden_thread_rate,
            )

    def body(self, post):
        return self.pool()[post.body]


class LargePreset(ShapedPreset):
    name = "large"
    description = (
        "5,000,000 posts in 250,000 threads (one of 100,000 posts) by 20,000 members in 20 "
        "boards; needs PostgreSQL. Bodies come from a pool of 4,000 distinct Markdown posts, "
        "each rendered once through the real pipeline and reused."
    )
    n_members = 20_000
    n_categories = 5
    boards_per_category = 4
    n_threads = 250_000
    n_posts = 5_000_000
    big_thread_posts = 100_000
    body_pool = 4_000
    staff = {Role.ADMINISTRATOR: 2, Role.MODERATOR: 25, Role.SENIOR_MEMBER: 600}
    defer_indexes = True
    needs_postgresql = True


class TinyPreset(ShapedPreset):
    name = "tiny"
    description = "A few dozen posts in a handful of threads, for tests and a quick look."
    n_members = 12
    n_categories = 2
    boards_per_category = 2
    n_threads = 8
    n_posts = 90
    big_thread_posts = 45
    body_pool = 30
    staff = {Role.ADMINISTRATOR: 1, Role.MODERATOR: 1, Role.SENIOR_MEMBER: 2}
    span = timedelta(days=30)
    # High rates, so that even this small forum holds every kind of row the counters weigh.
    hidden_thread_rate = 0.2
    hidden_post_rate = 0.1
    locked_rate = 0.2
    pinned_rate = 0.2
    edited_rate = 0.1


PRESETS = {preset.name: preset for preset in (BenchPreset, LargePreset, TinyPreset)}
