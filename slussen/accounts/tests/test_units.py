"""Units of care (clinics, wards, care centres) inside the organisations, from a CSV of HSA
units, shown in the tree wherever an organisation is chosen."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from slussen.accounts.fields import OrganisationField
from slussen.accounts.models import Organisation
from slussen.core.models import AuditEvent

GOOD = """\ufeffhsa_id;name;parent;unit_type;short_name
SE1-W12;Avdelning 12;SE1-MED;avdelning;Avd 12
SE1-MED;Medicinkliniken;sos;klinik;
SE1-VC;Vårdcentral Farsta;karolinska;care_centre;
"""


def write(tmp_path, text):
    path = tmp_path / "units.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_import_units_builds_the_tree_and_updates_on_a_second_run(world, tmp_path, capsys):
    call_command("import_units", write(tmp_path, GOOD))
    assert "3 units created, 0 updated" in capsys.readouterr().out
    ward = Organisation.objects.get(hsa_id="SE1-W12")
    clinic = Organisation.objects.get(hsa_id="SE1-MED")
    assert ward.parent == clinic and clinic.parent == world.sos
    assert (ward.kind, ward.unit_type, ward.short_name) == ("unit", "ward", "Avd 12")
    assert ward.pk in world.sos.subtree_ids()
    assert AuditEvent.objects.filter(action="accounts.import_units").count() == 1

    call_command("import_units", write(tmp_path, GOOD.replace("Avdelning 12", "Avdelning 12 B")))
    assert "0 units created, 1 updated" in capsys.readouterr().out
    assert Organisation.objects.filter(hsa_id="SE1-W12").get().name == "Avdelning 12 B"
    call_command("import_units", write(tmp_path, GOOD.replace("Avdelning 12", "Avdelning 12 B")))
    assert AuditEvent.objects.filter(action="accounts.import_units").count() == 2  # no change


@pytest.mark.parametrize(
    "text, message",
    [
        ("name;parent\nX;sos\n", "hsa_id"),
        ("hsa_id,name,parent,unit_type\nA,Avd,nowhere,ward\n", "Rad 2: det finns ingen"),
        ("hsa_id,name,parent,unit_type\nA,Avd,sos,sjukstuga\n", "Rad 2: okänd typ av enhet"),
        ("hsa_id,name,parent\nA,Avd,sos\nA,Avd igen,sos\n", "Rad 3: HSA-id A förekommer två"),
        ("hsa_id,name,parent\nA,,sos\n", "Rad 2: hsa_id, name och parent måste fyllas i"),
    ],
)
def test_import_units_refuses_a_wrong_file_whole(world, tmp_path, text, message):
    good_line = "B,Avdelning B,sos,ward\n" if "unit_type" in text else ""
    before = Organisation.objects.count()
    with pytest.raises(CommandError, match=message):
        call_command("import_units", write(tmp_path, text + good_line))
    assert Organisation.objects.count() == before


def test_organisation_choice_shows_units_under_their_organisation(world, tmp_path):
    call_command("import_units", write(tmp_path, GOOD), stdout=open("/dev/null", "w"))
    field = OrganisationField(queryset=Organisation.objects.exclude(kind="external"))
    labels = [label for _value, label in field.choices][1:]
    sos = labels.index("Södersjukhuset")  # an organisation keeps its name as it was
    assert labels[sos + 1] == "\u00a0" * 6 + "Medicinkliniken (klinik)"
    assert labels[sos + 2] == "\u00a0" * 9 + "Avdelning 12 (vårdavdelning)"
    assert labels[0] == "Region Stockholm"
