"""The scenario catalogue: the fixed scenarios made first, the weights of the random ones, and the shape of
their steps (the state each transition leads to, the hours between steps)."""

from disputes.choices import Channel, Status, Tier

__all__ = [
    "AGREEMENT_SCENARIOS",
    "CENTRE_TRANSITIONS",
    "FIXED",
    "GAPS",
    "LADDER",
    "OVERDUE_SHARE",
    "SCENARIO_WEIGHTS",
    "STATE_UNIT_SCENARIOS",
    "TARGETS",
]

LADDER = [Tier.GRID, Tier.VILLAGE, Tier.TOWN, Tier.COUNTY]

# Hours between a step and the one before it.
GAPS = {
    "assess": (0.5, 8),
    "prevent": (2, 48),
    "close_prevented": (72, 720),
    "start_mediation": (1, 24),
    "escalate": (4, 40),
    "refer": (2, 30),
    "accept_referral": (1, 20),
    "return_referral": (2, 20),
    "close_handled": (120, 960),
    "record_agreement": (0.2, 2),
    "apply_confirmation": (24, 168),
    "confirm": (72, 360),
    "reject_confirmation": (72, 360),
    "start_follow_up": (24, 120),
    "close_fulfilled": (24, 240),
    "report_default": (24, 120),
    "refer_to_court": (24, 120),
    "court_accept": (24, 96),
    "court_delegate": (24, 96),
    "court_file": (240, 720),
    "court_conclude": (480, 2160),
    "withdraw": (24, 240),
    "decline": (1, 24),
    "reopen": (240, 1440),
    "session": (2, 30),
    "agreement": (1, 6),
    "follow_up": (240, 960),
    "support_accept": (1, 20),
    "support_complete": (72, 480),
    "lead_complete": (120, 960),
}

# The state each transition leads to (return_referral: back to where the referral came from).
TARGETS = {
    "assess": Status.ASSESSING,
    "prevent": Status.PREVENTING,
    "close_prevented": Status.CLOSED,
    "start_mediation": Status.MEDIATING,
    "escalate": Status.MEDIATING,
    "refer": Status.REFERRED,
    "accept_referral": Status.AGENCY_HANDLING,
    "close_handled": Status.CLOSED,
    "record_agreement": Status.AGREED,
    "apply_confirmation": Status.CONFIRMING,
    "confirm": Status.FULFILLING,
    "reject_confirmation": Status.MEDIATING,
    "start_follow_up": Status.FULFILLING,
    "close_fulfilled": Status.CLOSED,
    "report_default": Status.COURT_REFERRED,
    "refer_to_court": Status.COURT_REFERRED,
    "court_accept": Status.COURT_MEDIATING,
    "court_delegate": Status.MEDIATING,
    "court_file": Status.LITIGATING,
    "court_conclude": Status.CLOSED,
    "withdraw": Status.CLOSED,
    "decline": Status.CLOSED,
    "reopen": Status.ASSESSING,
}
# Transitions that county-centre staff make when the holding body has no demo account (supervision).
CENTRE_TRANSITIONS = {"escalate", "refer", "reopen"}


# Fixed scenarios, made first: (scenario, where, registrar, category, channel, overdue[, lead body of
# its referral]). "where":
# "dongzhai" 东寨村, "shahe" / "xinhua" another area of that town, "other" an area of the other towns
# in turn, "state" a state farm. Together they reach every state, tier, outcome and channel, and put
# work in the inbox of every demo account.
FIXED = [
    ("reported", "dongzhai", "grid_dongzhai", "neighbour", Channel.GRID_PATROL, False),
    ("mediating:grid", "dongzhai", "grid_dongzhai", "housing-homestead", Channel.GRID_PATROL, False),
    ("mediating:village", "dongzhai", "grid_dongzhai", "neighbour", Channel.GRID_PATROL, False),
    ("mediating:village", "dongzhai", "mediator_dongzhai", "marriage-family", Channel.WALK_IN, True),
    ("agreed", "dongzhai", "mediator_dongzhai", "land-contract", Channel.WALK_IN, False),
    ("mediating:town", "shahe", "mediator_shahe", "contract", Channel.WALK_IN, False),
    ("mediating:town", "dongzhai", "grid_dongzhai", "damages", Channel.GRID_PATROL, False),
    ("fulfilling", "shahe", "mediator_shahe", "traffic", Channel.POLICE_TRANSFER, False),
    ("mediating:town", "xinhua", "mediator_xinhua", "forest-land", Channel.WALK_IN, False),
    ("agreed", "xinhua", "mediator_xinhua", "contract", Channel.HOTLINE, False),
    ("assessing", "other", "centre", "village-affairs", Channel.HOTLINE, False),
    ("mediating:county", "other", "centre", "business", Channel.ONLINE, False),
    ("referred", "shahe", "mediator_shahe", "neighbour", Channel.WALK_IN, False, "{t}-police"),
    ("agency_handling", "shahe", "centre", "damages", Channel.WALK_IN, False, "{t}-police"),
    ("whistle", "other", "centre", "labour", Channel.HOTLINE, False, "labour-dept"),
    ("agency_handling", "xinhua", "mediator_xinhua", "labour", Channel.WALK_IN, False, "labour-dept"),
    ("whistle", "other", "centre", "requisition", Channel.PETITION, True, "petitions-bureau"),
    ("agency_handling", "other", "centre", "village-affairs", Channel.PETITION, False, "petitions-bureau"),
    ("confirming", "shahe", "mediator_shahe", "contract", Channel.WALK_IN, False),
    ("court_referred", "other", "centre", "contract", Channel.WALK_IN, False),
    ("court_mediating", "other", "centre", "business", Channel.ONLINE, False),
    ("litigating", "xinhua", "mediator_xinhua", "damages", Channel.WALK_IN, False),
    ("preventing", "other", "centre", "pollution", Channel.HOTLINE, False),
    ("delegated", "other", "centre", "contract", Channel.COURT_DIVERSION, False),
    ("rejected", "shahe", "mediator_shahe", "housing-homestead", Channel.WALK_IN, False),
    ("reopened", "other", "centre", "neighbour", Channel.WALK_IN, False),
    ("default", "other", "centre", "traffic", Channel.WALK_IN, False),
    ("prevented", "dongzhai", "grid_dongzhai", "neighbour", Channel.GRID_PATROL, False),
    ("fulfilled", "shahe", "mediator_shahe", "neighbour", Channel.WALK_IN, False),
    ("confirmed_fulfilled", "other", "centre", "land-contract", Channel.WALK_IN, False),
    ("admin_decision", "other", "centre", "forest-land", Channel.HOTLINE, False),
    ("admin_decision", "shahe", "centre", "labour", Channel.WALK_IN, False),
    ("agency_mediated", "shahe", "centre", "damages", Channel.WALK_IN, False, "{t}-police"),
    ("arbitration_award", "xinhua", "mediator_xinhua", "labour", Channel.WALK_IN, False, "labour-dept"),
    ("explained", "other", "centre", "village-affairs", Channel.PETITION, False, "petitions-bureau"),
    ("court_mediated", "other", "centre", "contract", Channel.WALK_IN, False),
    ("judgment", "other", "centre", "housing-homestead", Channel.WALK_IN, False),
    ("withdrawn", "xinhua", "mediator_xinhua", "neighbour", Channel.WALK_IN, False),
    ("court_withdrawn", "other", "centre", "damages", Channel.COURT_DIVERSION, False),
    ("declined", "other", "centre", "labour", Channel.ONLINE, False),
    ("returned", "other", "centre", "consumer", Channel.ONLINE, False),
    ("assessing", "state", "centre", "land-contract", Channel.WALK_IN, True),
    ("agency_agreed", "shahe", "mediator_shahe", "traffic", Channel.WALK_IN, False),
    ("confirmed", "other", "centre", "contract", Channel.WALK_IN, False),
    ("referred", "other", "centre", "other", Channel.PETITION, False),
]

# Scenario weights of the random part: most disputes are settled at the grassroots, few reach the court.
SCENARIO_WEIGHTS = {
    "fulfilled": 40,
    "prevented": 10,
    "declined": 5,
    "withdrawn": 6,
    "admin_decision": 10,
    "confirmed_fulfilled": 8,
    "judgment": 3,
    "court_mediated": 3,
    "court_withdrawn": 1,
    "returned": 2,
    "reported": 3,
    "assessing": 3,
    "preventing": 2,
    "mediating:grid": 3,
    "mediating:village": 3,
    "mediating:town": 3,
    "mediating:county": 1,
    "referred": 2,
    "whistle": 2,
    "agency_handling": 3,
    "agreed": 2,
    "fulfilling": 4,
    "confirming": 1,
    "confirmed": 1,
    "rejected": 1,
    "court_referred": 2,
    "default": 1,
    "court_mediating": 2,
    "delegated": 1,
    "litigating": 2,
    "reopened": 1,
    "agency_agreed": 1,
}
# Scenarios that end in or pass through an agreement: not for identity or marriage-relation matters.
AGREEMENT_SCENARIOS = {
    "agreed", "agency_agreed", "fulfilling", "fulfilled", "confirming", "confirmed", "confirmed_fulfilled",
    "rejected", "default", "returned", "reopened",
}  # fmt: skip
# Scenarios a state farm can go through: it has no village or town committee below the county centre.
STATE_UNIT_SCENARIOS = {
    "reported", "assessing", "declined", "withdrawn", "referred", "whistle", "agency_handling",
    "admin_decision", "mediating:county", "court_referred", "court_mediating", "litigating", "judgment",
    "court_mediated", "court_withdrawn",
}  # fmt: skip
OVERDUE_SHARE = 0.12
