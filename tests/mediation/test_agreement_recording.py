"""The agreement is written once: recording it (登记调解协议) starts from the drafted agreement, and what is
changed there revises the draft. And no two different actions offered anywhere share a label, in Chinese or
in English."""

import html as html_lib
import re

import pytest
from django.urls import reverse
from django.utils import translation

from agencies.choices import Role
from disputes.models import Dispute
from disputes.transitions import TRANSITIONS
from mediation.models import Agreement
from mediation.templatetags.mediation import RECORD_ACTIONS
from tests.factories import ROUTES, staff
from tests.mediation.fixtures import agreement_for, village_dispute

pytestmark = pytest.mark.django_db

TERMS = "一、按原界址砌墙；二、李方补偿张方人民币3000元。"
FACTS = "双方因宅基地界址发生争执，多次协商未果。"


def _form(client, dispute) -> str:
    response = client.get(reverse("disputes:act", args=[dispute.code, "record_agreement"]))
    assert response.status_code == 200
    return html_lib.unescape(response.content.decode())


def _record(client, dispute, **data):
    data.setdefault("version", Dispute.objects.get(pk=dispute.pk).version)
    return client.post(reverse("disputes:act", args=[dispute.code, "record_agreement"]), data, follow=True)


def test_recording_starts_from_the_drafted_agreement(client_for, users):
    dispute = village_dispute(users)
    draft = agreement_for(dispute, users["mediator_dongzhai"], performance="十日内一次付清。")
    client = client_for("mediator_dongzhai")

    form = _form(client, dispute)

    assert re.search(rf"<textarea[^>]*name=\"terms\"[^>]*>\s*{re.escape(TERMS)}</textarea>", form)
    assert re.search(rf"<textarea[^>]*name=\"facts\"[^>]*>\s*{re.escape(FACTS)}</textarea>", form)
    assert "十日内一次付清。" in form
    assert f'value="{draft.effective_on.isoformat()}"' in form


def test_recording_the_prefilled_form_records_the_draft_without_writing_it_again(client_for, users):
    dispute = village_dispute(users)
    draft = agreement_for(dispute, users["mediator_dongzhai"], performance="十日内一次付清。")

    _record(
        client_for("mediator_dongzhai"),
        dispute,
        facts=FACTS,
        terms=TERMS.replace("\n", "\r\n"),
        performance="十日内一次付清。",
        effective_on=draft.effective_on.isoformat(),
    )

    dispute.refresh_from_db()
    assert dispute.status == "agreed"
    assert list(Agreement.objects.filter(dispute=dispute)) == [draft]
    assert dispute.events.get(transition="record_agreement").payload["agreement"] == draft.pk


def test_a_term_changed_while_recording_revises_the_draft(client_for, users):
    dispute = village_dispute(users)
    draft = agreement_for(dispute, users["mediator_dongzhai"])

    _record(client_for("mediator_dongzhai"), dispute, facts=FACTS, terms="按原界址砌墙，补偿3500元。")

    assert Dispute.objects.get(pk=dispute.pk).status == "agreed"
    (agreement,) = Agreement.objects.filter(dispute=dispute)
    assert (agreement.pk, agreement.terms, agreement.facts) == (draft.pk, "按原界址砌墙，补偿3500元。", FACTS)
    assert agreement.obligations.count() == 1  # the draft's obligations stay with it


def test_an_agreement_the_court_ruled_on_is_not_rewritten(client_for, users):
    dispute = village_dispute(users, state="mediating", via="confirming")  # confirmation rejected
    ruled = dispute.latest_agreement
    client = client_for("mediator_dongzhai")
    assert ruled.terms in _form(client, dispute)

    _record(client, dispute, facts=ruled.facts, terms="按原界址砌墙，双方互不补偿。")

    assert Dispute.objects.get(pk=dispute.pk).status == "agreed"
    first, second = Agreement.objects.filter(dispute=dispute).order_by("created_at", "pk")
    assert (first.pk, first.terms) == (ruled.pk, ruled.terms)
    assert (second.terms, second.facts) == ("按原界址砌墙，双方互不补偿。", ruled.facts)
    assert set(second.parties.all()) == set(first.parties.all())


def test_without_a_draft_the_facts_start_from_the_description(client_for, users):
    dispute = village_dispute(users)
    form = _form(client_for("mediator_dongzhai"), dispute)
    assert re.search(
        rf"<textarea[^>]*name=\"facts\"[^>]*>\s*{re.escape(dispute.description)}</textarea>", form
    )
    assert re.search(r"<textarea[^>]*name=\"terms\"[^>]*>\s*</textarea>", form)


# -- one label, one action ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_action_has_a_label_of_its_own(language):
    actions = {f"transition:{name}": spec.label for name, spec in TRANSITIONS.items()}
    actions |= {f"record:{name}": label for name, (label, _url) in RECORD_ACTIONS.items()}
    with translation.override(language):
        by_label: dict[str, list[str]] = {}
        for action, label in actions.items():
            by_label.setdefault(str(label), []).append(action)
    assert {label: names for label, names in by_label.items() if len(names) > 1} == {}


# The buttons and links of actions on the dispute page and the court's case page.
_OFFERED = re.compile(r'data-(?:record-)?action="([a-z_]+)"[^>]*>([^<]+)<')
_COURT_OFFERED = re.compile(r'data-testid="action-([a-z_]+)".*?<h3 class="h6">([^<]+)</h3>', re.S)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_no_two_actions_offered_on_any_page_share_a_label(client_for, users, language):
    offered: dict[str, set[str]] = {}
    for state in ROUTES:
        dispute = village_dispute(users, state=state)
        holder_staff = staff(dispute.holder.code, Role.MEDIATOR)
        users[f"holder-{state}"] = holder_staff
        client = client_for(f"holder-{state}")
        pages = [reverse("disputes:detail", args=[dispute.code])]
        if dispute.holder.kind == "court":
            pages.append(reverse("court:case", args=[dispute.code]))
        for url in pages:
            html = client.get(url, headers={"accept-language": language}).content.decode()
            pattern = _COURT_OFFERED if "/court/" in url else _OFFERED
            for name, label in pattern.findall(html):
                offered.setdefault(html_lib.unescape(label.strip()), set()).add(name)
    assert len(offered) > 15, offered  # the walk met most actions
    assert {label: names for label, names in offered.items() if len(names) > 1} == {}
