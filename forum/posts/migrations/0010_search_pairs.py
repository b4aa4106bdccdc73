import django.contrib.postgres.search
from django.db import migrations

# Every pair of adjacent words of a post's vector as one lexeme, "night train", for phrase
# searches: PostgreSQL's GIN index knows which posts hold each word, not in which order, so a
# phrase of common words was checked post by post against the stored positions. The pair's
# lexeme is in the index, so a phrase is narrowed to the posts holding it (forum/search/
# postgres.py), then checked exactly. Made from the stored vector, so the pairs are exactly the
# positions a phrase (<->) matches: stop words leave a gap and make no pair, the title of an
# opening post runs on into its body as it does in the vector. No lexeme the parser makes holds
# a space, so no typed word can look like a pair.
WORD_PAIRS = r"""
CREATE OR REPLACE FUNCTION forum_word_pairs(vector tsvector) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(array_to_tsvector(array_agg(pair)), ''::tsvector)
    FROM (
        SELECT lag(lexeme) OVER (ORDER BY position) || ' ' || lexeme AS pair,
               position - lag(position) OVER (ORDER BY position) AS gap
        FROM (SELECT lexeme, unnest(positions) AS position FROM unnest(vector)) AS words
    ) AS pairs
    WHERE gap = 1
$$;
"""


def create(apps, schema_editor):
    # SQLite stores no vectors: search reads the text there (forum/search/simple.py).
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(WORD_PAIRS)
    schema_editor.execute(
        "UPDATE posts_post SET search_pairs = forum_word_pairs(search_vector) "
        "WHERE search_vector IS NOT NULL"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS post_search_pairs ON posts_post USING gin (search_pairs)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS post_search_pairs")
    schema_editor.execute("DROP FUNCTION IF EXISTS forum_word_pairs(tsvector)")


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0009_author_newest_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="search_pairs",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create, drop),
    ]
