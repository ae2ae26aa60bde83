"""Settings of the early warning, with their defaults.

The joint meeting 联席会议 (DOMAIN.md: the petitions bureau warns it of widespread or sudden disputes)
is modelled as the working staff of every active body of the kinds in
`settings.ALERTS_JOINT_MEETING_BODY_KINDS` — by default the county centre, the petitions bureau, the
justice bureau and the police bureau. Its members are told of warnings whose rule says so (the cluster
and mass-dispute rules by default) and may read those warnings. A setting rather than data, because
membership follows the county's standing arrangement, not individual cases.
"""

from django.conf import settings

from agencies.choices import BodyKind

DEFAULT_JOINT_MEETING_BODY_KINDS = (
    BodyKind.COUNTY_CENTRE,
    BodyKind.PETITIONS_BUREAU,
    BodyKind.JUSTICE_BUREAU,
    BodyKind.POLICE_BUREAU,
)


def joint_meeting_body_kinds() -> tuple[str, ...]:
    return tuple(getattr(settings, "ALERTS_JOINT_MEETING_BODY_KINDS", DEFAULT_JOINT_MEETING_BODY_KINDS))
