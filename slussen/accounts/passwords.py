"""A check against common Swedish passwords, beside Django's list of 20 000 common ones.

``common-passwords-sv.txt.gz`` (one lower-case entry a line) holds what people in a Swedish
region choose: seasons and months with a year ("Sommar2024!"), cities, regions and provinces,
hospitals, football and hockey clubs, names, "lösenord" and "välkommen" with digits. A password
is refused when it is in the list, or when what is left of it without digits, punctuation and
accents ("Västra-Götaland-2026" → "vastragotaland") is.
"""

import unicodedata
from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LIST = Path(__file__).resolve().parent / "common-passwords-sv.txt.gz"


def _letters(text: str) -> str:
    """Lower-case letters only, without accents (å, ä → a; ö → o)."""
    plain = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in plain if c.isalpha() and not unicodedata.combining(c))


class SwedishCommonPasswordValidator(CommonPasswordValidator):
    def __init__(self, password_list_path=LIST):
        super().__init__(password_list_path)
        self.cores = {_letters(p) for p in self.passwords} - {""}

    def validate(self, password, user=None):
        if password.lower().strip() in self.passwords or _letters(password) in self.cores:
            raise ValidationError(self.get_error_message(), code="password_too_common")

    def get_error_message(self):
        return _(
            "This password is among the most common in Sweden (a season, a place, a name or a "
            "word with a year or digits). Choose a longer phrase of your own."
        )

    def get_help_text(self):
        return _("Not a common password such as a season or a place with a year.")
