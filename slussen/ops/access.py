from slussen.testing.access import Expect

ACCESS = {
    "ops:live": Expect(scan=False),
    "ops:ready": Expect(scan=False),
    # Only for a scraper with METRICS_TOKEN or inside METRICS_NETWORKS (neither in the matrix).
    "ops:metrics": Expect(default=404, scan=False),
}
