from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionResult(models.TextChoices):
    CONTINUING = "continuing", _("To be continued")
    AGREED = "agreed", _("Agreement reached")
    FAILED = "failed", _("Failed")


class Ruling(models.TextChoices):
    VALID = "valid", _("Valid: the agreement is enforceable")
    INVALID = "invalid", _("Rejected: re-mediate or sue")
