"""The workbench pages. Views are thin: they read through restrict() and selectors, write through services."""

from disputes.views.detail import (
    act,
    attachment_download,
    attachment_upload,
    detail,
    detail_by_id,
    reveal_parties,
    similar,
)
from disputes.views.inbox import workbench
from disputes.views.intake import (
    grid_home,
    grid_report,
    intake,
    intake_party_row,
    intake_similar,
    intake_villages,
)

__all__ = [
    "act",
    "attachment_download",
    "attachment_upload",
    "detail",
    "detail_by_id",
    "grid_home",
    "grid_report",
    "intake",
    "intake_party_row",
    "intake_similar",
    "intake_villages",
    "reveal_parties",
    "similar",
    "workbench",
]
