"""The register's filters (kind, state, organisation) ride along in its order's indexes, and a
kind in a state has an index of its own with the order beside it: a filtered register is
counted up to its cap from the indexes alone (PostgreSQL; SQLite keeps plain indexes). The
case's keys lose their single-column indexes, each the first column of another; the cases one
handles have an index in the API's order (by id)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0006_organisation_units'),
        ('cases', '0013_organisation_order_index'),
        ('core', '0011_search_entry_ranking_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='case',
            name='case_register_order',
        ),
        migrations.RemoveIndex(
            model_name='case',
            name='case_organisation_order',
        ),
        migrations.AlterField(
            model_name='case',
            name='handler',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='handled_cases', to=settings.AUTH_USER_MODEL, verbose_name='handler'),
        ),
        migrations.AlterField(
            model_name='case',
            name='organisation',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='cases', to='accounts.organisation', verbose_name='handling organisation'),
        ),
        migrations.AlterField(
            model_name='case',
            name='state',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='core.workflowstate', verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='case',
            name='submitter',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='submitted_cases', to=settings.AUTH_USER_MODEL, verbose_name='submitted by'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['-registry_year', '-registry_seq'], include=('id', 'kind', 'state', 'organisation'), name='case_register_order'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['handler', 'id'], name='case_handler_id'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['kind', 'state', 'id'], include=('registry_year', 'registry_seq', 'organisation'), name='case_kind_state'),
        ),
        migrations.AddIndex(
            model_name='case',
            index=models.Index(fields=['organisation', '-registry_year', '-registry_seq'], include=('id', 'kind', 'state'), name='case_organisation_order'),
        ),
    ]
