from django.conf import settings
from django.contrib.auth.models import Group
from django.db import models
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from agencies.choices import BodyKind, Role
from linze.naming import LocalisedNameMixin
from linze.reference import ReferenceQuerySet

__all__ = ["Body", "Membership"]


class Body(LocalisedNameMixin, models.Model):
    """An organisation that takes part in the flow: centre, committee, court, agency 机构."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=160, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices, db_index=True)
    region = models.ForeignKey(
        "agencies.Region", verbose_name=_("region served"), on_delete=models.PROTECT, related_name="bodies"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="body", editable=False)
    sector = models.CharField(
        _("sector"),
        max_length=40,
        blank=True,
        help_text=_("For departments and sector committees: the field they are competent for."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    # What the public directory shows (portal: 找调解), as administrators enter it.
    address = models.CharField(_("address"), max_length=200, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=120, blank=True)
    phone = models.CharField(_("telephone"), max_length=60, blank=True)

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["kind", "code"]
        indexes = [models.Index(fields=["kind", "region"])]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs):
        # Every body has a Django group: object permissions are granted to the group, so that
        # staff joining or leaving a body need no per-dispute changes.
        if self.group_id is None:
            self.group, _created = Group.objects.get_or_create(name=f"body:{self.code}")
        super().save(*args, **kwargs)


class Membership(models.Model):
    """A person's place in a body, with a role 岗位 (clerk, mediator, judge, leader …)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    is_primary = models.BooleanField(_("primary"), default=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "body", "role"], name="membership_unique")]

    def __str__(self) -> str:
        return f"{self.user} · {self.body} · {self.get_role_display()}"


def _sync_group(user, body) -> None:
    still_member = Membership.objects.filter(user=user, body=body).exists()
    if still_member:
        user.groups.add(body.group)
    else:
        user.groups.remove(body.group)


@receiver([post_save, post_delete], sender=Membership, dispatch_uid="membership_group_sync")
def membership_changed(sender, instance: Membership, **kwargs) -> None:
    """Membership of a body is membership of its group: object permissions reach staff through it."""
    _sync_group(instance.user, instance.body)
