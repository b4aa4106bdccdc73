import django.contrib.postgres.search
from django.db import migrations

# The HTML of a post without the [quote]s of other posts (innermost first, as
# forum.posts.models._without_quotes does), for its search vector and its search snippets.
OWN_HTML = r"""
CREATE OR REPLACE FUNCTION forum_own_html(html text) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    stripped text;
BEGIN
    IF html IS NULL OR position('<blockquote class="quote">' in html) = 0 THEN
        RETURN html;
    END IF;
    LOOP
        stripped := regexp_replace(
            html, '<blockquote class="quote">(?:(?!<blockquote).)*?</blockquote>', ' ', 'g'
        );
        IF stripped = html THEN
            RETURN stripped;
        END IF;
        html := stripped;
    END LOOP;
END
$$;
"""


def create(apps, schema_editor):
    # SQLite stores no vectors: search reads the text there (forum/search/simple.py).
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(OWN_HTML)
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS post_search_vector ON posts_post USING gin (search_vector)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS post_search_vector")
    schema_editor.execute("DROP FUNCTION IF EXISTS forum_own_html(text)")


class Migration(migrations.Migration):
    dependencies = [
        ("posts", "0007_recent_likers"),
    ]

    operations = [
        migrations.AddField(
            model_name="post",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create, drop),
    ]
