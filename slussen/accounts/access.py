from slussen.testing.access import LOGIN, Expect
from slussen.testing.world import PEOPLE as PEOPLE_KEYS

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
    # Person-picker suggestions: staff only (an external actor gets 403), never a page to scan.
    "accounts:people_search": Expect(anonymous=LOGIN, external=403, scan=False),
    "accounts:password_reset": Expect(),
    "accounts:password_reset_done": Expect(),
    "accounts:password_reset_confirm": Expect(kwargs=lambda w: {"uidb64": "x", "token": "y"}),
    "accounts:password_reset_complete": Expect(),
}

# The role-picker rules (slussen.accounts.people), as the matrix test reads them: for each
# picker, the world's organisation it is asked about and the people who may be named there.
# Everyone else — the external actor, the other hospital's people, colleagues without the
# role — is refused, by the suggestions and by the server whatever is posted.
STAFF_OF_SOS = {"employee", "manager", "advisor", "coordinator", "admin"}
PICKERS = {
    "fund.manager": ("sos", {"manager"}),
    "case.handler": ("sos", {"advisor", "coordinator", "admin"}),
    "process.advisor": ("sos", {"advisor", "coordinator", "admin"}),
    "process.owner": ("sos", STAFF_OF_SOS),
    "process.assignee": ("sos", STAFF_OF_SOS),
    "process.successor": ("sos", set(PEOPLE_KEYS) - {"external"}),
    "intake.co_submitter": ("sos", set(PEOPLE_KEYS) - {"external"}),
    "fund.prescreener": ("sos", {"prescreener"}),
    "fund.expert": ("sos", {"expert"}),
    "challenges.owner": ("sos", {"advisor", "coordinator", "admin"}),
    "challenges.panel": ("sos", set(PEOPLE_KEYS) - {"external"}),
}
