import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import twofactor
from .middleware import SEEN_KEY, STAFF_KEY


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    """Decide once per log-in what the session rules need (see ``middleware``)."""
    if request is None or not hasattr(request, "session"):
        return
    twofactor.start_session(request, user)
    request.session[STAFF_KEY] = user.is_staff_member
    request.session[SEEN_KEY] = int(time.time())
