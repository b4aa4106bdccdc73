"""The generator's text: words drawn by Zipf's law, as real text's words are, the same for the
same seed on every machine (the forums the benchmarks load are compared across months)."""

import hashlib
import random
from collections import Counter

from forum.generator import presets


def test_generated_words_follow_zipfs_law():
    drawn = Counter(presets.words(random.Random(1), 200_000))

    # The head is frequent, the tail long: a real text's shape, not a few words everywhere.
    assert drawn.most_common(1)[0][0] == "the"
    assert drawn["the"] > 50 * drawn[presets.WORDS[500]] > 0
    assert len(drawn) > 5_000
    assert sum(count for word, count in drawn.items() if word in presets.VOCABULARY) < 150_000


def test_generated_vocabulary_and_draws_never_change():
    # Benchmarks compare figures measured on forums generated months apart: the words, and
    # what a seed draws from them, are fixed (a change here is a new benchmark corpus).
    vocabulary = hashlib.sha256(" ".join(presets.WORDS).encode()).hexdigest()

    assert len(presets.WORDS) == len(set(presets.WORDS)) == 6_120
    assert presets.WORDS[:3] == ("the", "a", "this")
    assert vocabulary.startswith("1a5d9e352cb39be7")
    assert presets.words(random.Random(5), 8) == [
        "kehark", "shoustowist", "shavail", "zaifand", "lugri", "fuhopas", "the", "looks",
    ]  # fmt: skip
