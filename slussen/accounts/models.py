from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from .roles import CASE_HANDLING_ROLES, REGION_WIDE_ROLES, STAFF_ROLES, Role


class UnitType(models.TextChoices):
    """What kind of unit of care an organisation of kind ``unit`` is."""

    CLINIC = "clinic", _("Clinic")
    WARD = "ward", _("Ward")
    CARE_CENTRE = "care_centre", _("Care centre")
    RECEPTION = "reception", _("Outpatient clinic")
    OTHER = "other", _("Other unit")


class Organisation(models.Model):
    """A node of the region's tree: region → committees and companies → units."""

    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        COMMITTEE = "committee", _("Committee or administration")
        COMPANY = "company", _("Regional company")
        UNIT = "unit", _("Unit")
        EXTERNAL = "external", _("External organisation")

    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    org_number = models.CharField(_("organisation number"), max_length=20, blank=True)
    innovation_unit = models.CharField(_("innovation unit"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    # A unit of care (clinic, ward, care centre) as the region's HSA catalogue names it.
    unit_type = models.CharField(
        _("type of unit"), max_length=16, choices=UnitType.choices, blank=True
    )
    hsa_id = models.CharField(
        _("HSA id"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("The unit's id in the region's HSA catalogue, for example SE2321000016-1234."),
    )
    reports_to_bokslut = models.BooleanField(
        _("reports to the annual innovation report"), default=False
    )
    # Materialised path of ancestor ids ("/1/4/9/") so subtree queries need no recursion.
    path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        path = (self.parent.path if self.parent else "/") + f"{self.pk}/"
        if path != self.path:
            old = self.path
            self.path = path
            type(self).objects.filter(pk=self.pk).update(path=path)
            if old:  # moved: rewrite the descendants' paths
                for child in type(self).objects.filter(path__startswith=old).exclude(pk=self.pk):
                    child.path = path + child.path[len(old) :]
                    type(self).objects.filter(pk=child.pk).update(path=child.path)

    @property
    def display_name(self):
        return self.short_name or self.name

    @property
    def unit_belongs_to(self) -> str:
        """The organisation's name to give beside its innovation unit's, or "" when the unit's
        name already says it (or there is no unit)."""
        if not self.innovation_unit or self.name in self.innovation_unit:
            return ""
        return self.name

    @property
    def depth(self) -> int:
        return max(self.path.count("/") - 2, 0)

    def subtree_ids(self):
        return type(self).objects.filter(path__startswith=self.path).values_list("id", flat=True)

    def ancestor_ids(self):
        return [int(part) for part in self.path.strip("/").split("/") if part]


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        email = self.normalize_email(email).lower()
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=[("sv", "Svenska"), ("en", "English")], default="sv"
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("system administrator"),
        default=False,
        help_text=_("May use the Django admin. Reserved for system administrators."),
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # Kept by slussen.core.notify with each notice written or read: the header shows it on
    # every page without a query of its own.
    unread_notices = models.PositiveIntegerField(_("unread notices"), default=0, editable=False)

    objects = UserManager()
    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    # Role look-ups are cached per request-bound user object: one query, however many checks.
    @cached_property
    def role_set(self) -> set[tuple[str, int]]:
        return set(self.memberships.values_list("role", "organisation_id"))

    def has_role(self, *roles) -> bool:
        return any(role in roles for role, _org in self.role_set)

    def orgs_with_role(self, *roles) -> set[int]:
        return {org for role, org in self.role_set if role in roles}

    @property
    def is_region_wide(self) -> bool:
        return self.is_superuser or self.has_role(*REGION_WIDE_ROLES)

    @property
    def handles_cases(self) -> bool:
        """Whether she handles some organisation's cases (``handled_org_ids`` is not empty),
        answered from her roles, read with her session: the menu asks it on every page, and
        a page that needs nothing of her organisations reads none."""
        return bool(self.orgs_with_role(*CASE_HANDLING_ROLES))

    @cached_property
    def handled_org_ids(self) -> set[int]:
        """Organisations (with their subtrees) whose cases this person handles."""
        roots = self.orgs_with_role(*CASE_HANDLING_ROLES)
        if not roots:
            return set()
        # One query: an organisation's path holds its own id and its ancestors' ("/1/4/9/"),
        # so her organisations' subtrees are those whose path holds one of theirs.
        query = models.Q(pk__in=roots)
        for pk in roots:
            query |= models.Q(path__contains=f"/{int(pk)}/")
        return set(Organisation.objects.filter(query).values_list("id", flat=True))

    @property
    def is_staff_member(self) -> bool:
        """Works for the region (any role but external actor), as opposed to external users."""
        return self.is_superuser or self.has_role(*STAFF_ROLES)

    @property
    def is_external(self) -> bool:
        return self.has_role(Role.EXTERNAL) and not self.has_role(*(set(Role) - {Role.EXTERNAL}))


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    from_sso = models.BooleanField(
        _("from single sign-on"),
        default=False,
        help_text=_("Kept in step with the identity provider's claims at every log-in."),
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique"
            )
        ]
        # Who holds a role (in these organisations): the lists of handlers among 50 000 people.
        indexes = [models.Index(fields=["role", "organisation"], name="membership_role_org")]
        verbose_name = _("role in an organisation")
        verbose_name_plural = _("roles in organisations")

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}, {self.organisation}"


class SingleSignOnIdentity(models.Model):
    """A person's account at the region's identity provider, linked at the first SSO log-in."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sso_identities")
    issuer = models.CharField(_("identity provider"), max_length=255)
    subject = models.CharField(_("subject"), max_length=255)
    linked = models.DateTimeField(_("linked"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sso_identity_unique")
        ]
        verbose_name = _("single sign-on identity")
        verbose_name_plural = _("single sign-on identities")

    def __str__(self):
        return f"{self.issuer} {self.subject}"


class EnrolmentLink(models.Model):
    """A single-use link, mailed to the account's address, that allows setting up an
    authenticator app (see ``twofactor``). Only a hash of its token is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="enrolment_links")
    digest = models.CharField(max_length=64, unique=True)
    created = models.DateTimeField(default=timezone.now)
    used = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("link to set up two-factor authentication")
        verbose_name_plural = _("links to set up two-factor authentication")

    def __str__(self):
        return f"{self.user} {self.created:%Y-%m-%d %H:%M}"


class Session(AbstractBaseSession):
    """A browser's session (``SESSION_ENGINE``: ``slussen.accounts.sessions``), with the id of
    the person logged in on it beside her signed data: every logged-in request reads the
    session, the person and her roles in one query (``accounts.backends``). The id is written
    from the session's own data each time the session is saved and used only where the two
    agree; a session saved before the column existed has none and reads the person apart."""

    # No constraint in the database: a session saved by a request still under way when its
    # person is deleted must not fail (she is then no one); deleting her deletes her sessions.
    user = models.ForeignKey(
        User,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        related_name="+",
        db_constraint=False,
    )

    @classmethod
    def get_session_store_class(cls):
        from .sessions.db import SessionStore

        return SessionStore
