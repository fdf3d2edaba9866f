import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from slussen.cases.models import Kind
from slussen.core import audit
from slussen.core.permissions import require

from . import erasure, export
from .forms import EraseForm


def policy(request):
    """How Slussen processes personal data, in plain language."""
    retention = sorted(settings.PRIVACY_RETENTION_DAYS.items())
    context = {
        "retention": [(Kind(kind).label, days) for kind, days in retention if kind in Kind.values],
        "dpo_email": settings.DPO_EMAIL,
        "idle_minutes": settings.STAFF_IDLE_TIMEOUT // 60,
    }
    return render(request, "privacy/policy.html", context)


@never_cache
@login_required
def my_data(request):
    sections = export.collect(request.user)
    export.record_disclosures(request.user, sections)
    audit.record(request.user, "privacy.access", request.user, format="html")
    return render(request, "privacy/my_data.html", {"sections": sections})


@never_cache
@login_required
def my_data_json(request):
    sections = export.collect(request.user)
    export.record_disclosures(request.user, sections)
    data = export.as_json(request.user, sections)
    audit.record(request.user, "privacy.access", request.user, format="json")
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="slussen-my-data-{stamp}.json"'
    return response


@never_cache
@login_required
def erase(request):
    require(request.user, "privacy.erase")
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.person == request.user:
            form.add_error("email", _("You cannot pseudonymise your own account."))
        else:
            changed = erasure.erase_person(
                form.person, actor=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request,
                _("The person was replaced by a pseudonym in %(rows)d rows. Their cases remain.")
                % {"rows": sum(changed.values())},
            )
            return redirect("privacy:erase")
    status = 400 if form.errors else 200
    return render(request, "privacy/erase.html", {"form": form}, status=status)
