import django.contrib.postgres.search
from django.db import migrations


def create(apps, schema_editor):
    # SQLite stores no vectors: search reads the titles there (forum/search/simple.py).
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS thread_title_vector ON threads_thread USING gin (title_vector)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS thread_title_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("threads", "0003_hidden_by_at_reason"),
    ]

    operations = [
        migrations.AddField(
            model_name="thread",
            name="title_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(create, drop),
    ]
