from slussen.testing.access import LOGIN, OK, Expect


def _notice_of_employee(w):
    from slussen.core.models import Notification

    notice = Notification.objects.create(
        recipient=w.employee, kind="test", title="Din idé har fått ett beslut", url="/"
    )
    return {"pk": notice.pk}


ACCESS = {
    "core:home": Expect(),
    "core:health": Expect(scan=False),
    "set_language": Expect(
        method="POST", data=lambda w: {"language": "en", "next": "/"}, scan=False
    ),
    # One's own notices only: another person's notice does not exist for you.
    "core:notifications": Expect(anonymous=LOGIN),
    "core:notifications_read": Expect(method="POST", anonymous=LOGIN, scan=False),
    "core:notification": Expect(
        kwargs=_notice_of_employee, default=404, anonymous=LOGIN, employee=OK, scan=False
    ),
    "admin:*": Expect(sample="admin:index", default=LOGIN, admin=OK, scan=False),
}
