from slussen.testing.access import Expect

ACCESS = {
    # Signed-in people are sent on from the log-in page; that is allowed, not a refusal.
    "accounts:login": Expect(),
    "accounts:logout": Expect(method="POST", scan=False),
    "accounts:password_reset": Expect(),
    "accounts:password_reset_done": Expect(),
    "accounts:password_reset_confirm": Expect(kwargs=lambda w: {"uidb64": "x", "token": "y"}),
    "accounts:password_reset_complete": Expect(),
}
