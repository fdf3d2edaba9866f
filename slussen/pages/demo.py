"""Demo data: one accessibility problem reported by a resident, waiting for the coordinators."""

from slussen.cases.models import Case, Kind

from . import services

PAGE = "/cases/new/"
DESCRIPTION = (
    "Jag använder skärmläsare (NVDA). På sidan för att registrera ett ärende läses "
    "fältet för sekretessbestämmelse upp utan sin hjälptext, så jag förstår inte vad jag ska "
    "skriva där."
)


def seed(region):
    reports = Case.objects.filter(kind=Kind.ACCESSIBILITY_REPORT)
    if reports.filter(description__contains=DESCRIPTION).exists():
        return "accessibility report already there"
    case = services.report_accessibility_problem(
        page=PAGE, description=DESCRIPTION, name="Birgitta Holmberg"
    )
    return f"1 accessibility report ({case.registry_number})"
