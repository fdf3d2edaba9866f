"""The test environments' section on the innovation case's page (``process.panels``): the
requests made for the case and the plans and results the environments recorded for them."""

from slussen.core.permissions import can

from . import selectors
from .models import Request, Testbed


def innovation_section(request, ic):
    user = request.user
    may_request = can(user, "process.work", ic)
    requests = [
        req
        for req in Request.objects.filter(innovation=ic).select_related("testbed", "case__state")
        if can(user, "testbeds.request.view", req)
    ]
    testbeds = Testbed.objects.filter(is_published=True).select_related("organisation")
    return {
        "records": list(selectors.for_innovation(user, ic)[:50]),
        "requests": requests,
        "testbeds": list(testbeds.order_by("name")) if may_request else [],
        "may_request": may_request,
        "ic": ic,
    }
