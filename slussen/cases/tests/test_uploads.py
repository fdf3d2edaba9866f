"""Office files are zip archives: checked as such before they are stored (zip bombs, path
traversal, archives that are not the document they claim to be)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from slussen.cases import services, uploads

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)


def office(members, *, first="[Content_Types].xml", name="plan.docx"):
    """A docx-like archive built in memory: ``members`` maps names to bytes, or to a number of
    zero bytes written as a stream (so a 200 MB member never sits in memory)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        if first:
            archive.writestr(first, CONTENT_TYPES)
        for member, data in members.items():
            if isinstance(data, int):
                with archive.open(member, "w", force_zip64=True) as out:
                    for _ in range(data // (1 << 20)):
                        out.write(bytes(1 << 20))
            else:
                archive.writestr(member, data)
    return SimpleUploadedFile(name, buffer.getvalue())


def refused(upload, *words):
    with translation.override("en"), pytest.raises(ValidationError) as error:
        uploads.check(upload)
    message = " ".join(error.value.messages)
    assert all(word in message for word in words), message
    return message


def test_an_ordinary_docx_is_accepted():
    upload = office({"word/document.xml": b"<w:document>Projektplan</w:document>" * 50})
    assert uploads.check(upload) == DOCX


def test_a_zip_bomb_of_200_mb_in_195_kb_is_refused(world, client):
    bomb = office({"word/document.xml": 200 * (1 << 20)})
    assert len(bomb.read()) < 400_000
    bomb.seek(0)
    assert uploads.sniff(bomb) == DOCX  # it looks like a Word file
    client.force_login(world.advisor)
    response = client.post(reverse("cases:attach", args=[world.case.pk]), {"file": bomb})
    assert response.status_code == 400
    assert "packas upp" in response.text
    assert not world.case.attachments.exists()


def test_a_member_compressed_too_far_is_refused_under_the_total_cap():
    refused(office({"word/document.xml": 20 * (1 << 20)}), "compressed")


@pytest.mark.parametrize("name", ["../../etc/cron.d/evil", "/etc/passwd", "word\\..\\x.xml"])
def test_a_member_outside_the_archive_is_refused(name):
    refused(office({"word/document.xml": b"<w/>", name: b"x"}), "name")


def test_an_archive_without_its_content_types_part_is_refused():
    upload = office({"word/document.xml": b"<w/>", "word/styles.xml": b"<s/>"}, first=None)
    assert uploads.sniff(upload) == DOCX
    refused(upload, "[Content_Types].xml")


def test_an_archive_of_too_many_members_is_refused(settings):
    members = {"word/document.xml": b"<w/>"} | {f"word/m{i}.xml": b"" for i in range(5001)}
    refused(office(members), "5")


def test_a_damaged_archive_is_refused():
    data = bytearray(office({"word/document.xml": b"<w:document>" * 500}).read())
    start = data.index(b"word/document.xml") + 20
    data[start : start + 20] = bytes(20)  # the compressed document, overwritten
    refused(SimpleUploadedFile("plan.docx", bytes(data)), "damaged")


def test_the_service_stores_nothing_of_a_bomb(world):
    bomb = office({"word/document.xml": 200 * (1 << 20)})
    with pytest.raises(ValidationError):
        services.add_attachment(world.case, world.advisor, bomb)
    assert not world.case.attachments.exists()
