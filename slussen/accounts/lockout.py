"""Lock-out after failed log-ins (django-axes): one identity per account, a throttle per client.

Every path that names an account by its e-mail address (log-in form, axes, password reset,
single sign-on) compares the address as ``normalise_email`` writes it, so ``Peter.Alm@…`` and
``peter.alm@…`` are one account to the lock-out as they are to the log-in.

Two counts are kept: failures per account (``AXES_FAILURE_LIMIT``) and failures per client
address, whichever accounts were tried (``AXES_CLIENT_FAILURE_LIMIT``, higher: a hospital puts
many staff behind one address). The client address comes from ``slussen.core.clientip``.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_lockout_parameters
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def normalise_email(value) -> str:
    return str(value or "").strip().lower()


def axes_username(request, credentials=None) -> str | None:
    """AXES_USERNAME_CALLABLE: the address from the credentials, else the posted form."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials and credentials.get(field) is not None:
        value = credentials[field]
    else:
        data = getattr(request, "data", None) or getattr(request, "POST", {})
        value = data.get(field)
    return normalise_email(value) or None


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        """The highest count, a client's scaled so that its own limit equals the account's."""
        parameters = get_lockout_parameters(request, credentials)
        counts = []
        for parameter, attempts in zip(
            parameters, self.get_user_attempts(request, credentials), strict=True
        ):
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if parameter == "ip_address":
                count = count * settings.AXES_FAILURE_LIMIT // settings.AXES_CLIENT_FAILURE_LIMIT
            counts.append(count)
        return max(counts, default=0)

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful log-in clears that account's failures only, never those of the other
        accounts tried from the same address (else logging in to one's own account between
        guesses would clear them)."""
        username = get_client_username(request, credentials)
        if not username:
            return 0
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count
