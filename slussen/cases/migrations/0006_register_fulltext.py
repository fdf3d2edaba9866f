"""On PostgreSQL the register's search finds words (Swedish stems, and the beginnings of words)
in the title and description through a full-text index, and a part of a registry number or of a
public title (the public register) through a trigram index.

A trigram index over the long descriptions made a search for a long word intersect huge
posting lists (150 ms at a million cases). The words are kept in a stored generated column
(``search_text``, which the database fills on every write; Django's model does not know it),
so a search reads them instead of parsing each text again. SQLite needs nothing."""

from django.db import migrations

TEXT = "to_tsvector('swedish'::regconfig, COALESCE(title, '') || ' ' || COALESCE(description, ''))"
TRIGRAMS = 'UPPER("registry_number"::text) gin_trgm_ops, UPPER("title"::text) gin_trgm_ops'


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS case_search_trgm")
    schema_editor.execute(f"CREATE INDEX case_search_trgm ON cases_case USING gin ({TRIGRAMS})")
    schema_editor.execute(
        f"ALTER TABLE cases_case ADD COLUMN search_text tsvector GENERATED ALWAYS AS ({TEXT}) STORED"
    )
    schema_editor.execute("CREATE INDEX case_search_text ON cases_case USING gin (search_text)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE cases_case DROP COLUMN IF EXISTS search_text")
    schema_editor.execute("DROP INDEX IF EXISTS case_search_trgm")
    columns = ", ".join(
        f'UPPER("{c}"::text) gin_trgm_ops' for c in ("registry_number", "title", "description")
    )
    schema_editor.execute(f"CREATE INDEX case_search_trgm ON cases_case USING gin ({columns})")


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_work_queue_index")]
    operations = [migrations.RunPython(forwards, backwards)]
