"""The mediation section of the dispute page, and the filters the printed documents use."""

from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disputes.masking import party_name as masked_name
from mediation import documents, permissions, selectors

register = template.Library()

# The record actions of the dispute page's mediation section (links to their own pages), by name. Their
# labels differ from every transition's (tests/mediation/test_action_labels.py): the link to the
# application document is not the transition that files it.
RECORD_ACTIONS = {
    "log_session": (gettext_lazy("Log a session"), "mediation:session_new"),
    "draft_agreement": (gettext_lazy("Draft an agreement"), "mediation:agreement_new"),
    "follow_up": (gettext_lazy("Record a follow-up visit"), "mediation:follow_up_new"),
    "confirmation_application": (
        gettext_lazy("Prepare the confirmation application"),
        "mediation:confirmation",
    ),
}


def _record_actions(dispute, user) -> list[dict]:
    offered = {
        "log_session": permissions.session_refusal(dispute, user) is None,
        "draft_agreement": permissions.agreement_refusal(dispute, user) is None,
        "follow_up": permissions.follow_up_refusal(dispute, user) is None,
        "confirmation_application": permissions.may_apply_confirmation(dispute, user),
    }
    return [
        {"name": name, "label": label, "url": reverse(url_name, args=[dispute.code])}
        for name, (label, url_name) in RECORD_ACTIONS.items()
        if offered[name]
    ]


@register.inclusion_tag("mediation/_sections.html", takes_context=True)
def mediation_sections(context, dispute=None):
    """Sessions, agreements, confirmations and follow-ups of `dispute`, with the actions the user may take."""
    dispute = dispute or context["dispute"]
    request = context.get("request")
    user = context.get("user") or request.user
    records = selectors.dispute_records(dispute=dispute)
    unmasked = permissions.sees_particulars(dispute, user)
    for index, agreement in enumerate(records["agreements"], start=1):
        agreement.number = documents.agreement_number(agreement, index)
        agreement.party_names = [masked_name(p, masked=not unmasked) for p in agreement.parties.all()]
    return {
        **records,
        "dispute": dispute,
        "request": request,
        "user": user,
        "unmasked": unmasked,
        "record_actions": (actions := _record_actions(dispute, user)),
        "may_follow_up": any(action["name"] == "follow_up" for action in actions),
    }


@register.filter
def yuan(value) -> str:
    """3000 → 3,000.00元 (in English: ¥3,000.00)."""
    if value in (None, ""):
        return ""
    return _("¥%(amount)s") % {"amount": f"{Decimal(value):,.2f}"}


@register.filter
def in_words(value) -> str:
    """3 → 三 in Chinese (一式三份)."""
    return documents.count_in_words(int(value))


@register.filter
def party_name(party, unmasked: bool) -> str:
    return masked_name(party, masked=not unmasked)


@register.filter
def person(user) -> str:
    """A staff member's name as the header shows it (陈桂兰)."""
    from agencies.auth import user_display_name

    return user_display_name(user) if user else ""


@register.filter
def dispute_url(dispute) -> str:
    """The dispute page of `dispute` (its mediation records while the disputes app has no page)."""
    from disputes.views.common import dispute_page_url

    return dispute_page_url(dispute)


@register.filter
def money(value) -> str:
    """3000 → 3,000.00, for columns headed with the unit."""
    return "" if value in (None, "") else f"{Decimal(value):,.2f}"
