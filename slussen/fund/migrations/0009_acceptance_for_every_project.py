from django.db import migrations

from slussen.fund.defaults import GRANT_CONDITIONS


def create_missing_acceptances(apps, schema_editor):
    """Every granted project has its acceptance row (made with the grant since now), so that
    the project's pages only read: a project still without one gets its call's conditions,
    not yet accepted. Safe to run again."""
    Project = apps.get_model("fund", "Project")
    GrantAcceptance = apps.get_model("fund", "GrantAcceptance")
    CallConditions = apps.get_model("fund", "CallConditions")
    by_call = dict(CallConditions.objects.values_list("call_id", "text"))
    missing = Project.objects.filter(acceptance__isnull=True).values_list(
        "pk", "application__call_id"
    )
    GrantAcceptance.objects.bulk_create(
        [
            GrantAcceptance(project_id=pk, conditions=by_call.get(call_id, GRANT_CONDITIONS))
            for pk, call_id in missing
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("fund", "0008_callstamp"),
    ]

    operations = [
        migrations.RunPython(create_missing_acceptances, migrations.RunPython.noop),
    ]
