"""Who reaches the register's pages. Ids are of another organisation's secret case
(Karolinska), so the SöS people must get 404: its existence must not leak."""

from slussen.testing.access import LOGIN, OK, Expect

OTHER = {"kwargs": lambda w: {"pk": w.other_case.pk}}
# Karolinska's handlers, the coordinator, the administrator and the submitting company.
SEES_OTHER = {"advisor_other": OK, "innovation_head": OK, "coordinator": OK, "admin": OK}
HANDLES_OTHER = {"advisor_other": OK, "innovation_head": OK, "coordinator": OK, "admin": OK}


def attachment_kwargs(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from slussen.cases import services

    upload = SimpleUploadedFile("avtal.pdf", b"%PDF-1.4\n%%EOF\n")
    attachment = services.add_attachment(w.other_case, w.external, upload)
    return {"pk": w.other_case.pk, "attachment_pk": attachment.pk}


ACCESS = {
    # The public register: everyone, without log-in, even for a secret case (shown masked).
    "cases:public_register": Expect(),
    "cases:public_detail": Expect(**OTHER),
    "cases:register": Expect(anonymous=LOGIN),
    "cases:export": Expect(anonymous=LOGIN, scan=False),
    "cases:create": Expect(
        default=403,
        anonymous=LOGIN,
        advisor=OK,
        advisor_other=OK,
        innovation_head=OK,
        coordinator=OK,
        admin=OK,
    ),
    "cases:detail": Expect(**OTHER, default=404, anonymous=LOGIN, external=OK, **SEES_OTHER),
    "cases:edit": Expect(**OTHER, default=404, anonymous=LOGIN, external=403, **HANDLES_OTHER),
    "cases:reassign": Expect(**OTHER, default=404, anonymous=LOGIN, external=403, **HANDLES_OTHER),
    "cases:transition": Expect(
        **OTHER, method="POST", default=404, anonymous=LOGIN, external=403, **HANDLES_OTHER
    ),
    "cases:comment": Expect(
        **OTHER, method="POST", default=404, anonymous=LOGIN, external=OK, **SEES_OTHER
    ),
    "cases:attach": Expect(
        **OTHER, method="POST", default=404, anonymous=LOGIN, external=OK, **SEES_OTHER
    ),
    "cases:download": Expect(
        kwargs=attachment_kwargs,
        default=404,
        anonymous=LOGIN,
        external=OK,
        scan=False,
        **SEES_OTHER,
    ),
    "cases:audit": Expect(
        **OTHER,
        default=404,
        anonymous=LOGIN,
        external=403,
        coordinator=OK,
        admin=OK,
        advisor_other=403,
        innovation_head=403,
    ),
}
