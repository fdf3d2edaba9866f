from django.conf import settings
from django.utils.functional import SimpleLazyObject

from . import nav, notify


def slussen(request):
    return {
        "REGION_NAME": settings.REGION_NAME,
        "ATTACHMENT_MAX_BYTES": settings.ATTACHMENT_MAX_BYTES,  # checked in the form too
        "nav_items": lambda: nav.items_for(request),
        "nav_shape": lambda: nav.shape(request),
        "nav_user_items": lambda: nav.items_for(request, "user"),
        "nav_footer_items": lambda: nav.items_for(request, "footer"),
        "notifications_unread": SimpleLazyObject(lambda: notify.unread_count(request.user)),
    }
