import datetime

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from . import services
from .forms import AccessibilityReportForm

# When the statement was last reviewed against the service (update it with the statement).
REVIEWED = datetime.date(2026, 11, 22)
SESSION_KEY = "accessibility_report"


def accessibility(request):
    return render(
        request,
        "pages/accessibility.html",
        {"contact_email": services.contact_email(), "reviewed": REVIEWED},
    )


def report(request):
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.full_name, "email": request.user.email}
    page = request.GET.get("page", "")
    if page.startswith("/") and not page.startswith("//"):  # from the footer link
        initial["page"] = request.build_absolute_uri(page)
    form = AccessibilityReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        case = services.report_accessibility_problem(user=request.user, **form.cleaned_data)
        request.session[SESSION_KEY] = {
            "number": case.registry_number,
            "email": form.cleaned_data["email"],
        }
        return redirect("pages:accessibility_report_sent")
    status = 400 if form.errors else 200
    return render(request, "pages/accessibility_report.html", {"form": form}, status=status)


@never_cache
def report_sent(request):
    return render(
        request, "pages/accessibility_report_sent.html", {"sent": request.session.get(SESSION_KEY)}
    )
