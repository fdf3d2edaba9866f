"""Passwords: at least 12 characters, and not among the common ones (Django's list of 20 000
and the project's list of Swedish ones)."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from slussen.demo.region import DEMO_PASSWORD


@pytest.mark.parametrize(
    "password",
    [
        "Kx9#mq2Lp!z",  # 11 characters
        "Sommaren2024!",
        "VINTERN2019",
        "Hösten-2025!",
        "Lösenord12345",
        "Valkommen2026!",
        "Stockholm2026!",
        "Västra-Götaland-2026",
        "Djurgården1891",
        "Slussen2026!!",
    ],
)
def test_short_or_common_swedish_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


@pytest.mark.parametrize(
    "password", [DEMO_PASSWORD, "Drönare-i-luften-2026", "Ett-nytt-lösenord-77", "kx9#mq2Lp!zR"]
)
def test_long_uncommon_passwords_pass(password):
    validate_password(password)


def test_the_demo_password_is_still_accepted():
    assert DEMO_PASSWORD == "Slussen-demo-2026"
    validate_password(DEMO_PASSWORD)


def test_setting_a_common_password_is_refused_in_swedish(world, client):
    user = world.external
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    url = reverse("accounts:password_reset_confirm", args=[uid, token])
    form_url = client.get(url, follow=True).redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "Sommaren2024!", "new_password2": "Sommaren2024!"}
    )
    assert "vanligaste i Sverige" in response.text
    response = client.post(form_url, {"new_password1": "Kort-ord-1", "new_password2": "Kort-ord-1"})
    assert "minst 12 tecken" in response.text
    user.refresh_from_db()
    assert not user.check_password("Sommaren2024!")
