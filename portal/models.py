"""The citizens' side as data: the guide to each way of resolving a dispute, the self-help explorer's
questions and answers, and what ties an online submission to the person who made it."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from linze.crypto import BlindIndexField, EncryptedCharField

__all__ = ["ExplorerAnswer", "ExplorerQuestion", "GuideWay", "OnlineSubmission"]


class Localised(models.Model):
    """Content written in Chinese, with an optional English text per field (`<field>_en`)."""

    class Meta:
        abstract = True

    def localised(self, field: str) -> str:
        english = getattr(self, f"{field}_en", "")
        if english and (get_language() or "").startswith("en"):
            return english
        return getattr(self, field)


class GuideWay(Localised):
    """A way of resolving a dispute 解纷方式, as the guide 解纷指引 explains it to citizens."""

    slug = models.SlugField(_("code"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    summary = models.TextField(_("in one sentence"))
    summary_en = models.TextField(_("in one sentence (English)"), blank=True)
    handled_by = models.TextField(_("who handles it in Linze"), blank=True)
    handled_by_en = models.TextField(_("who handles it in Linze (English)"), blank=True)
    steps = models.TextField(_("steps"), blank=True, help_text=_("One step per line."))
    steps_en = models.TextField(_("steps (English)"), blank=True)
    time_limits_note = models.TextField(
        _("about the time limits"),
        blank=True,
        help_text=_("Shown under the time limits, which come from the deadline policies chosen below."),
    )
    time_limits_note_en = models.TextField(_("about the time limits (English)"), blank=True)
    legal_effect = models.TextField(_("legal effect"), blank=True)
    legal_effect_en = models.TextField(_("legal effect (English)"), blank=True)
    cost = models.CharField(_("cost"), max_length=200, blank=True)
    cost_en = models.CharField(_("cost (English)"), max_length=200, blank=True)
    what_to_bring = models.TextField(_("what to bring"), blank=True, help_text=_("One item per line."))
    what_to_bring_en = models.TextField(_("what to bring (English)"), blank=True)
    advantages = models.TextField(_("advantages"), blank=True, help_text=_("One per line."))
    advantages_en = models.TextField(_("advantages (English)"), blank=True)
    drawbacks = models.TextField(_("drawbacks"), blank=True, help_text=_("One per line."))
    drawbacks_en = models.TextField(_("drawbacks (English)"), blank=True)
    deadline_policies = models.ManyToManyField(
        "disputes.DeadlinePolicy",
        verbose_name=_("time limits"),
        blank=True,
        related_name="+",
        help_text=_("The deadline policies whose time limits this way shows; edit the limits there."),
    )
    is_active = models.BooleanField(_("shown"), default=True)

    class Meta:
        verbose_name = _("way of resolving a dispute")
        verbose_name_plural = _("ways of resolving a dispute")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.localised("name")


class ExplorerQuestion(Localised):
    """A question of the self-help explorer 自助导航 (what kind of dispute, with whom, how much …)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("question"), max_length=200)
    text_en = models.CharField(_("question (English)"), max_length=200, blank=True)
    help = models.TextField(_("help"), blank=True)
    help_en = models.TextField(_("help (English)"), blank=True)
    is_start = models.BooleanField(_("first question"), default=False)

    class Meta:
        verbose_name = _("explorer question")
        verbose_name_plural = _("explorer questions")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_start"], condition=models.Q(is_start=True), name="explorer_one_start"
            )
        ]

    def __str__(self) -> str:
        return self.text


class ExplorerAnswer(Localised):
    """An answer to an explorer question: where it leads, the ways it suits, the sector it names."""

    question = models.ForeignKey(
        ExplorerQuestion, verbose_name=_("question"), on_delete=models.CASCADE, related_name="answers"
    )
    code = models.SlugField(_("code"), max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("answer"), max_length=200)
    text_en = models.CharField(_("answer (English)"), max_length=200, blank=True)
    next_question = models.ForeignKey(
        ExplorerQuestion,
        verbose_name=_("next question"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: the explorer shows its suggestions after this answer."),
    )
    is_danger = models.BooleanField(
        _("someone is in danger"), default=False, help_text=_("Leads straight to the emergency numbers.")
    )
    ways = models.ManyToManyField(GuideWay, verbose_name=_("suitable ways"), blank=True, related_name="+")
    sector = models.CharField(
        _("sector"),
        max_length=40,
        blank=True,
        help_text=_("A dispute category code: the departments and committees of that sector are suggested."),
    )
    advice = models.TextField(_("advice"), blank=True)
    advice_en = models.TextField(_("advice (English)"), blank=True)

    class Meta:
        verbose_name = _("explorer answer")
        verbose_name_plural = _("explorer answers")
        ordering = ["question", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class OnlineSubmission(models.Model):
    """A dispute a citizen submitted online 网上申请: the confirmed phone and the tracking password's hash."""

    dispute = models.OneToOneField(
        "disputes.Dispute", verbose_name=_("dispute"), on_delete=models.CASCADE, related_name="online"
    )
    # Encrypted at rest like a party's (linze/crypto.py); tracking by phone matches the blind index.
    phone = EncryptedCharField(_("confirmed mobile number"), max_length=11)
    phone_index = BlindIndexField(source="phone", db_index=True)
    password_hash = models.CharField(max_length=128, editable=False)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)

    class Meta:
        verbose_name = _("online submission")
        verbose_name_plural = _("online submissions")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(self.dispute_id)
