from slussen.testing.access import Expect

# Public by law: anyone, signed in or not, must be able to read the statement and report.
ACCESS = {
    "pages:accessibility": Expect(),
    "pages:accessibility_report": Expect(),
    "pages:accessibility_report_sent": Expect(),
}
