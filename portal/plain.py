"""What each state and each timeline entry means, in plain words for the parties (进度查询, SMS).

Only the entries listed in PUBLIC_EVENTS reach a citizen; staff's notes, internal records, warnings and
anything unknown stay inside.
"""

from django.utils.translation import gettext_lazy as _

from disputes.choices import Status

STAGE = {
    Status.REPORTED: _("Received: staff will look at your dispute shortly."),
    Status.ASSESSING: _("Being assessed: staff are working out who should handle it."),
    Status.PREVENTING: _("Being handled: staff are talking to those involved to calm the matter down."),
    Status.MEDIATING: _("In mediation: a mediator is helping both sides reach an agreement."),
    Status.REFERRED: _("Passed to the competent department, which will take it up."),
    Status.AGENCY_HANDLING: _("The competent department is handling it."),
    Status.AGREED: _("An agreement has been reached."),
    Status.FULFILLING: _("The agreement is being carried out; staff will check on it."),
    Status.CONFIRMING: _("The court is examining the agreement (judicial confirmation)."),
    Status.COURT_REFERRED: _("Passed to the court, which will decide whether to take it."),
    Status.COURT_MEDIATING: _("In mediation at the court before any lawsuit."),
    Status.LITIGATING: _("Filed with the court: the court will decide."),
    Status.CLOSED: _("Closed."),
}

NEXT_STEP = {
    Status.REPORTED: _("Staff decide how your dispute will be handled."),
    Status.ASSESSING: _("Staff choose mediation or pass it to the competent body."),
    Status.PREVENTING: _("Staff will tell you when the matter is settled."),
    Status.MEDIATING: _("The mediator will contact both sides to arrange mediation."),
    Status.REFERRED: _("The department confirms that it takes the dispute up."),
    Status.AGENCY_HANDLING: _("The department tells you its result."),
    Status.AGREED: _("Carry out the agreement; both sides may ask the court to confirm it."),
    Status.FULFILLING: _("Staff check that the agreement has been carried out, then close the dispute."),
    Status.CONFIRMING: _("The court rules on the agreement."),
    Status.COURT_REFERRED: _("The court decides whether to mediate first or file the case."),
    Status.COURT_MEDIATING: _("The court's mediator contacts both sides."),
    Status.LITIGATING: _("The court will tell you the hearing dates."),
    Status.CLOSED: _("Nothing more: the dispute is closed."),
}

# Timeline entries a party sees, by the event's action. Everything else is internal.
PUBLIC_EVENTS = {
    "register": _("Your dispute was received"),
    "assess": _("Staff started assessing it"),
    "prevent": _("Handled by prevention work"),
    "close_prevented": _("Settled and closed"),
    "start_mediation": _("Mediation started"),
    "escalate": _("Passed up to the next level for mediation"),
    "take_over": _("Taken up for mediation"),
    "refer": _("Passed to the competent department"),
    "accept_referral": _("The department took it up"),
    "return_referral": _("Sent back for another way of handling"),
    "record_agreement": _("An agreement was recorded"),
    "apply_confirmation": _("Judicial confirmation was applied for"),
    "confirm": _("The court confirmed the agreement"),
    "reject_confirmation": _("The court did not confirm the agreement; mediation goes on"),
    "start_follow_up": _("The agreement is being carried out"),
    "close_fulfilled": _("The agreement was carried out; closed"),
    "report_default": _("A side did not carry out the agreement; passed to the court"),
    "refer_to_court": _("Passed to the court"),
    "court_accept": _("The court started mediation before a lawsuit"),
    "court_delegate": _("The court passed it back for mediation"),
    "court_file": _("The court filed the case"),
    "court_conclude": _("The court concluded the case"),
    "withdraw": _("Withdrawn; closed"),
    "decline": _("Not taken up here; you were told where to turn"),
    "reopen": _("Opened again"),
    "close_handled": _("The department concluded it"),
    "merge": _("Joined with another record of the same dispute"),
    "citizen_message": _("You sent a message"),
}

CITIZEN_MESSAGE = "citizen_message"
