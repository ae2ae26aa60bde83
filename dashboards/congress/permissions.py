"""Who may do what on the People's Congress pages: the readable map (as disputes/permissions.py is).

| who | reads the page, reports, the pack | files reports, records inspections | answers a request |
| --- | --- | --- | --- |
| leaders, standing-committee members (user_kind "leader") | yes | members of a Congress body | no |
| staff of a body | the inspections and inquiries asking their bodies | no | for their bodies |
| administrator | yes | yes | yes |

The bodies hand their periodic reports to the standing committee's office, which files them here: the
office is a member of the committee's body, and the period's indicators are read in its scope.
"""

from agencies.auth import user_kind
from agencies.choices import BodyKind
from agencies.permissions import acting_body_ids, user_memberships


def congress_may_read(user) -> bool:
    return user.is_superuser or user_kind(user) == "leader"


def congress_may_record(user) -> bool:
    """Members of the standing committee (any role) file reports and record inspections and inquiries."""
    return user.is_superuser or any(m.body.kind == BodyKind.CONGRESS for m in user_memberships(user))


def may_answer(user, request) -> bool:
    return user.is_superuser or request.body_id in acting_body_ids(user)
