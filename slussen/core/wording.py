"""Django's own Swedish wording for the form errors people meet most.

Django REST framework ships a Swedish catalogue that translates a few of Django's
messages differently ("Ange en giltig mejladress" where Django and the rest of
Slussen say "Fyll i en giltig e-postadress"). Third-party catalogues outrank
Django's, and ours outrank theirs, so repeating Django's wording here keeps one
voice across every form and the API.
"""

from django.utils.translation import gettext_noop

OVERRIDDEN = [
    gettext_noop("This field is required."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Enter a valid URL."),
    gettext_noop("The submitted file is empty."),
    gettext_noop(
        "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
    ),
]
