"""Erasure by pseudonymisation, for every model of every app, including apps written later.

The register must keep its cases (a public authority keeps its records), so a person is not
deleted but replaced by a pseudonym everywhere:

* the person's own row keeps its id, so every foreign key to it (submitter, handler, author of
  a comment, actor of an audit event, in any app) now points at the pseudonym;
* every text, e-mail and JSON field of every concrete model that contains the person's name,
  e-mail address or phone number is rewritten with the pseudonym in its place; the rest of the
  text (the content of a case or a comment) is kept;
* what only identifies (log-in links to the identity provider, authenticator, recovery codes,
  sessions) is deleted, and the account can no longer log in.

Rows are rewritten with ``QuerySet.update`` on purpose: the timeline and the audit trail refuse
``save()`` of an existing row, and erasure is the one lawful exception.
"""

import json
import re
import secrets
from dataclasses import dataclass
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models.functions import Cast

from slussen.core import audit

TEXT_FIELDS = (models.CharField, models.TextField, models.EmailField)
# What is deleted outright rather than rewritten: it identifies and serves nothing afterwards.
DELETED = (
    "accounts.SingleSignOnIdentity",
    "accounts.EnrolmentLink",
    "otp_totp.TOTPDevice",
    "otp_static.StaticDevice",  # with its tokens
)


@dataclass(frozen=True)
class Identity:
    """What identifies a person in free text; each is replaced by its pseudonymous stand-in."""

    replacements: tuple[tuple[str, str], ...]  # (needle, replacement), longest needle first

    @classmethod
    def of(cls, *, name="", email="", phone="", pseudonym_name, pseudonym_email):
        pairs = [(email, pseudonym_email), (name, pseudonym_name), (phone, pseudonym_name)]
        pairs = [(n.strip(), r) for n, r in pairs if n and len(n.strip()) >= 3]
        return cls(tuple(sorted(pairs, key=lambda p: -len(p[0]))))

    @property
    def needles(self):
        return [needle for needle, _r in self.replacements]

    def rewrite(self, value):
        if isinstance(value, str):
            for needle, replacement in self.replacements:
                value = re.sub(re.escape(needle), replacement, value, flags=re.IGNORECASE)
            return value
        if isinstance(value, list):
            return [self.rewrite(v) for v in value]
        if isinstance(value, dict):
            return {self.rewrite(k): self.rewrite(v) for k, v in value.items()}
        return value


def _json_forms(needle: str) -> set[str]:
    # SQLite keeps JSON as text with non-ASCII escaped (\u00f6); PostgreSQL's jsonb::text not.
    return {needle, json.dumps(needle)[1:-1]}


def _text_fields(model):
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, (*TEXT_FIELDS, models.JSONField)) and not f.choices and not f.primary_key
    ]


def matches(model, identity: Identity):
    """Rows of ``model`` with the person in some text field, and which fields those are."""
    fields = _text_fields(model)
    if not fields:
        return model._base_manager.none(), []
    annotations, query = {}, models.Q()
    for field in fields:
        if isinstance(field, models.JSONField):
            alias = f"_erase_{field.attname}"
            annotations[alias] = Cast(field.attname, models.TextField())
            for needle in identity.needles:
                for form in _json_forms(needle):
                    query |= models.Q(**{f"{alias}__icontains": form})
        else:
            for needle in identity.needles:
                query |= models.Q(**{f"{field.attname}__icontains": needle})
    return model._base_manager.annotate(**annotations).filter(query), fields


def concrete_models():
    return [
        m
        for m in apps.get_models()
        if not m._meta.abstract and not m._meta.proxy and m._meta.managed
    ]


def rewrite_everywhere(identity: Identity) -> dict[str, int]:
    """Replace the person in every text field of every model; returns rows changed per model."""
    changed = {}
    for model in concrete_models():
        if model._meta.label in DELETED:
            continue
        rows, fields = matches(model, identity)
        count = 0
        for row in rows.only("pk", *[f.attname for f in fields]).iterator():
            updates = {}
            for field in fields:
                value = getattr(row, field.attname)
                new = identity.rewrite(value)
                if new != value:
                    updates[field.attname] = new
            if updates:
                model._base_manager.filter(pk=row.pk).update(**updates)
                count += 1
        if count:
            changed[model._meta.label] = count
    return changed


def pseudonym() -> tuple[str, str]:
    token = secrets.token_hex(4)
    return f"Pseudonym {token}", f"pseudonym-{token}@erased.invalid"


def erase_person(user, *, actor, reason: str) -> dict[str, int]:
    """Pseudonymise ``user`` everywhere; their cases and the content stay."""
    from slussen.accounts.models import User

    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        name, email = pseudonym()
        identity = Identity.of(
            name=user.full_name,
            email=user.email,
            phone=user.phone,
            pseudonym_name=name,
            pseudonym_email=email,
        )
        for label in DELETED:
            apps.get_model(label)._base_manager.filter(user=user).delete()
        store = import_module(settings.SESSION_ENGINE).SessionStore
        for session in store.get_model_class().objects.iterator():
            if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
                store(session.session_key).delete()  # the cached copy too, where one is kept
        changed = rewrite_everywhere(identity)
        User.objects.filter(pk=user.pk).update(
            full_name=name,
            email=email,
            phone="",
            password="!erased",  # an unusable password: the account cannot log in
            is_active=False,
            is_staff=False,
            is_superuser=False,
        )
        audit.record(
            actor,
            "privacy.erase",
            user,
            pseudonym=name,
            reason=identity.rewrite(reason),  # the reason must not bring the name back
            rows=changed,
        )
    return changed
