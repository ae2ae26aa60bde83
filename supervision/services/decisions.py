"""Major decisions 重大决策 and their social-stability risk assessment 社会稳定风险评估."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Region
from agencies.permissions import is_centre_staff
from disputes.models import Dispute
from linze.exceptions import NotPermitted
from supervision.choices import DecisionKind, StabilityRisk
from supervision.models import DecisionEvent, MajorDecision, RiskAssessment
from supervision.permissions import decision_departments
from supervision.services.common import acting_body, check_step


def _record(decision, user, action, from_status, *, body=None, note="", payload=None):
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("a decision's timeline is written inside the transaction of the change")
    DecisionEvent.objects.create(
        decision=decision,
        actor=user,
        actor_body=body,
        action=action,
        from_status=from_status,
        to_status=decision.status,
        note=note,
        payload=payload or {},
    )


def decision_register(*, user, department, region: Region, kind: str, title: str, description: str):
    """A department registers a major decision before it is taken."""
    if department is None or department.pk not in {b.pk for b in decision_departments(user)}:
        raise NotPermitted(_("Only the staff of a department or town government may register a decision."))
    if kind not in DecisionKind.values:
        raise ValidationError({"kind": [_("Choose the kind of decision.")]})
    with transaction.atomic():
        decision = MajorDecision(
            department=department,
            region=region,
            kind=kind,
            title=title,
            description=description,
            created_by=user,
        )
        decision.full_clean(exclude=["status", "disputes"])
        decision.save()
        _record(decision, user, "register", "", body=department)
    return decision


def _locked(decision_id: int, user) -> MajorDecision:
    try:
        return MajorDecision.objects.restrict(user).select_for_update().get(pk=decision_id)
    except MajorDecision.DoesNotExist:
        raise Http404 from None


def decision_assess(
    *, decision_id: int, user, consultations: str, risks: str, level: str, mitigation: str = ""
):
    """The department records an assessment (again, after mitigation, to re-assess it lower)."""
    consultations, risks = (consultations or "").strip(), (risks or "").strip()
    errors = {}
    if not consultations:
        errors["consultations"] = [_("Say which consultations were held.")]
    if not risks:
        errors["risks"] = [_("Say which risks were found.")]
    if level not in StabilityRisk.values:
        errors["level"] = [_("Choose the risk level.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        decision = _locked(decision_id, user)
        if acting_body(user, decision.department) is None:
            raise NotPermitted(_("Only the registering department's staff may record its assessment."))
        check_step(decision, "assess")
        from_status = decision.status
        assessment = RiskAssessment.objects.create(
            decision=decision,
            consultations=consultations,
            risks=risks,
            level=level,
            mitigation=(mitigation or "").strip(),
            assessed_by=user,
        )
        decision.assess(level=level)
        decision.save()
        _record(
            decision, user, "assess", from_status, body=decision.department,
            payload={"assessment": assessment.pk, "level": level},
        )  # fmt: skip
    return decision


def decision_approve(*, decision_id: int, user):
    """The county centre approves a decision assessed low risk; high or medium is refused with the reason."""
    with transaction.atomic():
        decision = _locked(decision_id, user)
        if not (user.is_superuser or is_centre_staff(user)):
            raise NotPermitted(_("Only the county centre reviews major decisions."))
        check_step(decision, "approve")
        from_status = decision.status
        decision.approve(now=timezone.now())
        decision.save()
        _record(decision, user, "approve", from_status, body=acting_body_for_centre(user))
    return decision


def acting_body_for_centre(user):
    from agencies.models import Body
    from agencies.permissions import acting_body_ids

    return Body.objects.filter(pk__in=acting_body_ids(user), kind="county_centre").first()


def decision_link_dispute(*, decision_id: int, user, code: str):
    """Links a dispute that arose from the decision (the linker must be able to open the dispute)."""
    with transaction.atomic():
        decision = _locked(decision_id, user)
        if not (user.is_superuser or is_centre_staff(user) or acting_body(user, decision.department)):
            raise NotPermitted(_("Only the department or the county centre may link disputes to a decision."))
        dispute = Dispute.objects.restrict(user).filter(code=(code or "").strip()).first()
        if dispute is None:
            raise ValidationError({"code": [_("No dispute you may open has that code.")]})
        decision.disputes.add(dispute)
        _record(decision, user, "link_dispute", decision.status, payload={"dispute": dispute.pk})
    return decision
