from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agencies.fields import RegionCodeRelatedField
from agencies.models import Region
from agencies.permissions import sees_personal_data
from disputes.choices import Channel, PartyKind, PartyRole, RiskLevel
from disputes.clocks import dispute_clocks
from disputes.deadlines import TimeLeft, dispute_time_left, referral_time_left, with_clock_units
from disputes.masking import party_personal_data
from disputes.models import Category, Dispute, DisputeEvent, Party, Referral
from disputes.models.deadlines import ClockKind, DeadlineUnit, ExtensionBasis

TIME_LEFT_STATES = ["closed", "none", "paused", "running", "warning", "overdue"]


class BodyRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField(source="display_name")


class RegionRefSerializer(serializers.Serializer):
    def to_representation(self, dispute: Dispute) -> dict:
        return {
            "code": dispute.region.code,
            "village": dispute.region.display_name,
            "town": dispute.town.display_name,
        }


class TimeLeftSerializer(serializers.Serializer):
    """How the clock stands, as the pages show it (disputes.deadlines.time_left)."""

    state = serializers.ChoiceField(
        choices=TIME_LEFT_STATES,
        help_text="closed (no clock), none (no time limit), paused, running, warning (past the warning "
        "point) or overdue",
    )
    label = serializers.CharField(help_text="The text the pages show, in the request's language.")
    unit = serializers.ChoiceField(
        choices=[*DeadlineUnit.values, ""],
        help_text="The clock's own unit (its policy's): workdays, days or hours; empty when unknown.",
    )
    amount = serializers.IntegerField(
        help_text="Time left (overdue: how long overdue) in that unit, as the label tells it."
    )
    due = serializers.DateTimeField(source="due_at", allow_null=True, help_text="The deadline.")


# One field instance formats every datetime of a hand-built answer as DRF's declared fields would.
_DATETIME = serializers.DateTimeField()
_AMOUNT = serializers.DecimalField(max_digits=14, decimal_places=2)


def _datetime(value) -> str | None:
    """DRF's DateTimeField representation (ISO 8601 in the current time zone, "Z" for UTC) without
    its per-call checks; the same output for the aware datetimes the models hold."""
    if value is None:
        return None
    if value.tzinfo is None:
        return _DATETIME.to_representation(value)
    text = timezone.localtime(value).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def time_left_data(left: TimeLeft) -> dict:
    """TimeLeftSerializer's representation, built directly (a serializer per row cost more than the
    rest of the row): tests/disputes/test_serializers_fast.py holds the two to the same output."""
    return {
        "state": left.state,
        "label": str(left.label),
        "unit": left.unit,
        "amount": left.amount,
        "due": _datetime(left.due_at),
    }


class DisputeListSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display")
    holder = BodyRefSerializer()
    region = RegionRefSerializer(source="*")
    category = serializers.CharField(source="category.code")
    category_label = serializers.CharField(source="category.display_name")
    is_overdue = serializers.SerializerMethodField()
    time_left = serializers.SerializerMethodField(
        help_text="The time the current step has left, in its clock's unit, as the pages show it."
    )

    class Meta:
        model = Dispute
        fields = [
            "code",
            "title",
            "status",
            "status_label",
            "tier",
            "holder",
            "region",
            "category",
            "category_label",
            "channel",
            "risk_level",
            "due_at",
            "is_overdue",
            "time_left",
            "opened_at",
            "closed_at",
            "outcome",
        ]

    def get_is_overdue(self, dispute: Dispute) -> bool:
        now = self.context["now"]
        return bool(dispute.is_open and dispute.due_at and dispute.due_at < now)

    @extend_schema_field(TimeLeftSerializer)
    def get_time_left(self, dispute: Dispute) -> dict:
        return time_left_data(dispute_time_left(dispute, now=self.context["now"]))

    def to_representation(self, dispute: Dispute) -> dict:
        """The declared fields' representation, built directly: DRF's field machinery costs about half
        a millisecond a row, most of a page of 26. The fields above stay the schema's description, and
        tests/disputes/test_serializers_fast.py holds this to what they would give."""
        holder, category = dispute.holder, dispute.category
        return {
            "code": dispute.code,
            "title": dispute.title,
            "status": dispute.status,
            "status_label": str(dispute.get_status_display()),
            "tier": dispute.tier,
            "holder": {"id": holder.id, "code": holder.code, "name": str(holder.display_name)},
            "region": {
                "code": dispute.region.code,
                "village": dispute.region.display_name,
                "town": dispute.town.display_name,
            },
            "category": category.code,
            "category_label": str(category.display_name),
            "channel": dispute.channel,
            "risk_level": dispute.risk_level,
            "due_at": _datetime(dispute.due_at),
            "is_overdue": self.get_is_overdue(dispute),
            "time_left": self.get_time_left(dispute),
            "opened_at": _datetime(dispute.opened_at),
            "closed_at": _datetime(dispute.closed_at),
            "outcome": dispute.outcome,
        }


class PartySerializer(serializers.ModelSerializer):
    """Personal data is masked unless the caller works for the holder (or the centre)."""

    class Meta:
        model = Party
        fields = ["id", "kind", "role", "name", "id_number", "phone", "address"]

    def to_representation(self, party: Party) -> dict:
        data = super().to_representation(party)
        if not self.context.get("unmasked"):
            data.update(party_personal_data(party, masked=True))
        return data


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()
    actor_body = serializers.CharField(source="actor_body.display_name", default=None)

    class Meta:
        model = DisputeEvent
        fields = [
            "transition",
            "from_status",
            "to_status",
            "actor",
            "actor_body",
            "note",
            "payload",
            "created_at",
        ]

    def get_actor(self, event: DisputeEvent) -> str | None:
        if event.actor is None:
            return None
        return event.actor.get_full_name() or event.actor.username


class ReferralSerializer(serializers.ModelSerializer):
    body = BodyRefSerializer()
    dispute = serializers.CharField(source="dispute.code")
    dispute_title = serializers.CharField(source="dispute.title")
    status_label = serializers.CharField(source="get_status_display")
    time_left = serializers.SerializerMethodField(
        help_text="The time left to report in, in its clock's unit (state closed once answered)."
    )

    class Meta:
        model = Referral
        fields = [
            "id",
            "dispute",
            "dispute_title",
            "body",
            "route",
            "is_lead",
            "status",
            "status_label",
            "instructions",
            "report_by",
            "time_left",
            "created_at",
            "accepted_at",
            "returned_reason",
            "completed_at",
            "result",
        ]

    @extend_schema_field(TimeLeftSerializer)
    def get_time_left(self, referral: Referral) -> dict:
        return time_left_data(referral_time_left(referral, now=self.context.get("now")))


class ClockSerializer(serializers.Serializer):
    """One of the clocks a dispute runs (disputes.clocks.dispute_clocks), as its page shows it."""

    kind = serializers.ChoiceField(
        choices=ClockKind.values, help_text="step (the step's own time limit) or limit (a statutory limit)"
    )
    kind_label = serializers.CharField()
    name = serializers.CharField(help_text="The deadline policy's name.")
    time_left = TimeLeftSerializer()
    consequence = serializers.CharField(help_text="What the parties may do once the limit has passed.")
    extensions = serializers.IntegerField(help_text="Extensions taken (each an extend_clock event).")
    extension_amount = serializers.IntegerField(
        allow_null=True, help_text="The extension still allowed, in the clock's unit; null when none."
    )
    extension_basis = serializers.ChoiceField(choices=[*ExtensionBasis.values, ""])


class DisputeDetailSerializer(DisputeListSerializer):
    parties = serializers.SerializerMethodField()
    clocks = serializers.SerializerMethodField(
        help_text="Every clock the dispute runs, earliest first; time_left is the earliest's."
    )
    events = EventSerializer(many=True)
    referrals = serializers.SerializerMethodField()
    available_transitions = serializers.SerializerMethodField()

    class Meta(DisputeListSerializer.Meta):
        fields = [
            *DisputeListSerializer.Meta.fields,
            "description",
            "amount",
            "people_involved",
            "personal_status_matter",
            "version",
            "mediation_tried",
            "clocks",
            "parties",
            "events",
            "referrals",
            "available_transitions",
        ]

    def to_representation(self, dispute: Dispute) -> dict:
        """Built directly, like the list (DRF would first build this serializer's 25 fields, about
        1 ms for one dispute); the lists inside go through their own serializers."""
        return {
            **super().to_representation(dispute),
            "description": dispute.description,
            "amount": None if dispute.amount is None else _AMOUNT.to_representation(dispute.amount),
            "people_involved": dispute.people_involved,
            "personal_status_matter": dispute.personal_status_matter,
            "version": dispute.version,
            "mediation_tried": dispute.mediation_tried,
            "clocks": self.get_clocks(dispute),
            "parties": self.get_parties(dispute),
            "events": EventSerializer(dispute.events.all(), many=True).data,
            "referrals": self.get_referrals(dispute),
            "available_transitions": self.get_available_transitions(dispute),
        }

    def get_parties(self, dispute: Dispute) -> list[dict]:
        unmasked = sees_personal_data(self.context["request"].user, holder_id=dispute.holder_id)
        return PartySerializer(dispute.parties.all(), many=True, context={"unmasked": unmasked}).data

    @extend_schema_field(ClockSerializer(many=True))
    def get_clocks(self, dispute: Dispute) -> list[dict]:
        return ClockSerializer(dispute_clocks(dispute, now=self.context["now"]), many=True).data

    def get_referrals(self, dispute: Dispute) -> list[dict]:
        referrals = with_clock_units(dispute.referrals.all())
        return ReferralSerializer(referrals, many=True, context={"now": self.context["now"]}).data

    def get_available_transitions(self, dispute: Dispute) -> list[dict]:
        return self.context["available_transitions"]


class PartyInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PartyKind.choices, default=PartyKind.PERSON)
    role = serializers.ChoiceField(choices=PartyRole.choices)
    name = serializers.CharField(max_length=100)
    id_number = serializers.CharField(max_length=18, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=11, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class DisputeCreateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=120)
    description = serializers.CharField()
    category = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Category.objects.filter(is_active=True),
        error_messages={"does_not_exist": _("There is no active category with the code “{value}”.")},
    )
    region = RegionCodeRelatedField(
        queryset=Region.objects.all(),
        error_messages={"does_not_exist": _("There is no region with the code “{value}”.")},
    )
    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.WALK_IN)
    amount = serializers.DecimalField(
        max_digits=14, decimal_places=2, required=False, allow_null=True, min_value=0
    )
    people_involved = serializers.IntegerField(required=False, min_value=1)
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices, required=False)
    personal_status_matter = serializers.BooleanField(default=False)
    parties = PartyInputSerializer(many=True, allow_empty=False)
