from slussen.testing.access import LOGIN, OK, Expect

ACCESS = {
    "privacy:policy": Expect(),
    # Each person sees only their own data: the URL takes no id.
    "privacy:my_data": Expect(anonymous=LOGIN),
    "privacy:my_data_json": Expect(anonymous=LOGIN, scan=False),
    "privacy:erase": Expect(default=403, anonymous=LOGIN, admin=OK),
}
