"""The decision letter as a PDF, typeset by WeasyPrint in the applicant's language."""

import logging

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import timezone, translation

from slussen.cases import services as case_services

logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def language(application) -> str:
    return getattr(application.applicant, "language", None) or settings.LANGUAGE_CODE


def html(application, signer) -> str:
    with translation.override(language(application)):
        return render_to_string(
            "fund/letter_pdf.html",
            {
                "application": application,
                "signer": signer,
                "REGION_NAME": settings.REGION_NAME,
                "today": timezone.localdate(),
                "lang": language(application),
            },
        )


def pdf(application, signer) -> bytes:
    from weasyprint import HTML

    return HTML(string=html(application, signer)).write_pdf()


def attach(application, signer):
    """Typeset the letter and attach it to the application's case, visible to the applicant;
    returns the case attachment."""
    data = pdf(application, signer)
    number = application.registry_number.replace(" ", "-") or str(application.pk)
    name = f"{'beslut' if language(application) == 'sv' else 'decision'}-{number}.pdf"
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    return case_services.add_attachment(application.case, signer, upload, internal=False)
