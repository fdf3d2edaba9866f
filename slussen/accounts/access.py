from slussen.testing.access import LOGIN, Expect

ACCESS = {
    # Signed-in people are sent on from the log-in page; that is allowed, not a refusal.
    "accounts:login": Expect(),
    "accounts:logout": Expect(method="POST", scan=False),
    # Without a configured identity provider both answer with the log-in page.
    "accounts:oidc_login": Expect(default=LOGIN, scan=False),
    "accounts:oidc_callback": Expect(default=LOGIN, scan=False),
    # One's own account only: no ids in these URLs.
    "accounts:security": Expect(anonymous=LOGIN),
    "accounts:second_factor": Expect(anonymous=LOGIN),
    "accounts:enrol": Expect(anonymous=LOGIN),
    "accounts:enrol_link_send": Expect(method="POST", anonymous=LOGIN, scan=False),
    # A token that is not theirs: sent back to the set-up page with a message.
    "accounts:enrol_link": Expect(kwargs=lambda w: {"token": "x"}, anonymous=LOGIN, scan=False),
    "accounts:recovery_codes": Expect(method="POST", anonymous=LOGIN, scan=False),
    "accounts:password_reset": Expect(),
    "accounts:password_reset_done": Expect(),
    "accounts:password_reset_confirm": Expect(kwargs=lambda w: {"uidb64": "x", "token": "y"}),
    "accounts:password_reset_complete": Expect(),
}
