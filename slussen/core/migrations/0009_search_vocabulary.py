"""The index keeps each document's stems only; the beginnings and endings of every distinct stem
are kept once, in a vocabulary (``slussen.core.search``). Every indexed document is written again
under that rule, which also fills the vocabulary."""

from django.db import migrations, models

INDEXED = [
    ("case", "cases", "Case"),
    ("case_test", "process", "TestRecord"),
    ("testbed", "testbeds", "Testbed"),
    ("testbed_record", "testbeds", "Record"),
    ("actor", "navigator", "Actor"),
]


def rewrite(apps, schema_editor):
    from slussen.core import search

    SearchEntry = apps.get_model("core", "SearchEntry")
    vocabulary = tuple(
        apps.get_model("core", name) for name in ("SearchTerm", "SearchPart", "SearchPartCount")
    )
    for name, app_label, model_name in INDEXED:
        if name not in search.TYPES:
            continue
        model = apps.get_model(app_label, model_name)
        batch = []
        for obj in model._default_manager.order_by("pk").iterator(chunk_size=500):
            batch.append(obj)
            if len(batch) == 500:
                search.index_many(batch, name, model=SearchEntry, vocabulary=vocabulary)
                batch = []
        search.index_many(batch, name, model=SearchEntry, vocabulary=vocabulary)
    search.count_documents(vocabulary=vocabulary, entries=SearchEntry)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0008_scheduled_jobs'),
        ('cases', '0011_reindex_after_stem_rules'),
        ('process', '0008_screening_mdr_sol'),
        ('testbeds', '0006_request_for_innovation'),
        ('navigator', '0002_index_actors'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchPart',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('part', models.CharField(max_length=64)),
                ('term', models.CharField(db_index=True, max_length=64)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('part', 'term'), name='search_vocabulary_part_unique')],
            },
        ),
        migrations.CreateModel(
            name='SearchPartCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('doc_type', models.CharField(max_length=32)),
                ('part', models.CharField(max_length=64)),
                ('stems', models.PositiveIntegerField()),
                ('documents', models.PositiveBigIntegerField()),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('doc_type', 'part'), name='search_part_count_unique')],
            },
        ),
        migrations.CreateModel(
            name='SearchTerm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('doc_type', models.CharField(max_length=32)),
                ('term', models.CharField(max_length=64)),
                ('documents', models.PositiveIntegerField(blank=True, null=True)),
            ],
            options={
                'indexes': [models.Index(condition=models.Q(('documents__isnull', True)), fields=['doc_type'], name='search_vocabulary_uncounted')],
                'constraints': [models.UniqueConstraint(fields=('doc_type', 'term'), name='search_vocabulary_unique')],
            },
        ),
        migrations.RunPython(rewrite, migrations.RunPython.noop),
    ]
