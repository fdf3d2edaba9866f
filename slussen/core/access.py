from slussen.testing.access import LOGIN, OK, Expect

ACCESS = {
    "core:home": Expect(),
    "core:health": Expect(scan=False),
    "set_language": Expect(
        method="POST", data=lambda w: {"language": "en", "next": "/"}, scan=False
    ),
    "admin:*": Expect(sample="admin:index", default=LOGIN, admin=OK, scan=False),
}
