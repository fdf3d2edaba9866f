from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def sek(amount):
    """``1500000`` → “1 500 000 kr” in Swedish, “SEK 1,500,000” in English."""
    if amount in (None, ""):
        return "–"
    return _("SEK %(amount)s") % {"amount": number_format(amount, 0, force_grouping=True)}


@register.filter
def recommendation(code):
    """An expert's recommendation in the reader's language."""
    from slussen.fund.models import Recommendation

    return Recommendation(code).label if code in Recommendation.values else code


@register.simple_tag
def report_status_label(report):
    """Where a follow-up report stands, in the reader's language."""
    from slussen.fund.models import ReportStatus, report_status

    return ReportStatus(report_status(report)).label


@register.filter
def answer_table(answer):
    """A table question's answer as a table (fund/widgets/table_answer.html)."""
    from slussen.fund.formtypes import render_table

    return render_table(answer)
