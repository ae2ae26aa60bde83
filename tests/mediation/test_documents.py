"""The printed documents: the mediation agreement 调解协议书 and the judicial confirmation application
司法确认申请书, as print-ready HTML and as PDF with Chinese glyphs."""

import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from disputes.models import Dispute, PersonalDataView
from mediation.models import JudicialConfirmation
from tests.factories import parties_data
from tests.mediation.fixtures import agreement_for, village_dispute, zh

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "documents"


@pytest.fixture
def agreed(users):
    """A three-party dispute mediated by 东寨村's committee, with an agreement of two obligations."""
    dispute = village_dispute(users, parties=parties_data(3))
    agreement = agreement_for(dispute, users["mediator_dongzhai"], obligations=2, originals=4)
    return dispute, agreement


def _pdf_first_page_png(pdf: bytes, name: str) -> Path:
    """Page 1 as PNG by pdftoppm (poppler-utils), kept in artifacts/documents/ to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf_path = ARTIFACTS / f"{name}.pdf"
    pdf_path.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf_path),
            str(ARTIFACTS / name),
        ],
        check=True,
    )
    return ARTIFACTS / f"{name}.png"


def _pdf_text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


def test_printable_agreement_shows_every_party_term_obligation_and_the_originals_clause(client_for, users):
    dispute = village_dispute(users)
    agreement = agreement_for(dispute, users["mediator_dongzhai"], obligations=2)
    response = client_for("mediator_dongzhai").get(
        reverse("mediation:agreement", args=[dispute.code, agreement.pk])
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "人民调解协议书" in html
    number = int(dispute.code.rsplit("-", 1)[1])
    assert f"临泽〔{dispute.code[3:7]}〕调字第{number}号" in html
    for party in dispute.parties.all():
        assert party.name in html and party.id_number in html and party.phone in html
    assert "一、按原界址砌墙；二、李方补偿张方人民币3000元。" in html
    assert "双方因宅基地界址发生争执，多次协商未果。" in html
    for obligation in agreement.obligations.all():
        assert obligation.description in html
        assert f"{obligation.amount:,.2f}" in html
        assert f"{obligation.due_on.year}年{obligation.due_on.month}月{obligation.due_on.day}日" in html
    assert "十日内一次付清。" in html
    assert "本协议书一式三份，双方当事人、人民调解委员会各持一份。" in html
    assert "人民调解委员会印章之日起生效" in html
    assert html.count("当事人（签名、盖章或按指印）") == 2
    assert "人民调解员（签名）" in html and "（盖章）" in html
    assert "@media print" in html and "size: A4" in html
    # The full particulars were shown: the audit trail has the view.
    assert PersonalDataView.objects.filter(dispute=dispute, user=users["mediator_dongzhai"]).exists()


def test_the_originals_clause_follows_the_agreement(client_for, users, agreed):
    dispute, agreement = agreed
    html = client_for("mediator_dongzhai").get(
        reverse("mediation:agreement", args=[dispute.code, agreement.pk])
    )
    assert "本协议书一式四份，各方当事人、人民调解委员会各持一份。" in html.content.decode()


def test_users_who_may_not_see_personal_data_get_a_masked_agreement(client_for, users, agreed):
    dispute, agreement = agreed
    response = client_for("leader").get(reverse("mediation:agreement", args=[dispute.code, agreement.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    party = dispute.parties.first()
    assert party.name not in html and party.id_number not in html
    assert party.name[0] + "*" in html
    assert "个人信息已隐去" in html


def test_the_agreement_pdf_is_an_a4_form_with_chinese_text(client_for, users, agreed):
    dispute, agreement = agreed
    response = client_for("mediator_dongzhai").get(
        reverse("mediation:agreement_pdf", args=[dispute.code, agreement.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert dispute.code in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    # The glyphs carry their Unicode text: the Chinese font was embedded, not boxes.
    assert "人民调解协议书" in text
    for party in dispute.parties.all():
        assert party.name in text
    assert "各方当事人、人民调解委员会各持一份" in text.replace(" ", "").replace("\n", "")
    png = _pdf_first_page_png(response.content, "agreement")
    assert png.stat().st_size > 5_000


def test_confirmation_application_names_every_party_the_court_and_the_statutory_statement(client_for, users):
    dispute = village_dispute(users, state="agreed")
    response = client_for("mediator_dongzhai").get(reverse("mediation:confirmation", args=[dispute.code]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "司法确认申请书" in html
    for party in dispute.parties.all():
        assert party.name in html and party.id_number in html
    assert html.count("申请人（签名或盖章）") == dispute.parties.count()
    assert "临泽县人民法院" in html
    assert "请求事项" in html and "事实和理由" in html
    assert "没有恶意串通、规避法律的行为" in html
    assert "临泽〔" in html and "调字第" in html
    assert "向法院提交申请" in html  # the holder may file it

    pdf = client_for("mediator_dongzhai").get(reverse("mediation:confirmation_pdf", args=[dispute.code]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "司法确认申请书" in _pdf_text(pdf.content)
    _pdf_first_page_png(pdf.content, "confirmation-application")


def test_filing_the_application_sends_the_dispute_to_the_court(client_for, users):
    dispute = village_dispute(users, state="agreed")
    client = client_for("mediator_dongzhai")
    response = client.post(
        reverse("mediation:confirmation_apply", args=[dispute.code]),
        {"version": dispute.version},
        follow=True,
    )

    dispute.refresh_from_db()
    assert dispute.status == "confirming" and dispute.holder.code == "county-court"
    assert JudicialConfirmation.objects.filter(dispute=dispute, court__code="county-court").exists()
    assert "法院" in response.content.decode()
    # The page now shows the application as filed, and no second button.
    assert "向法院提交申请" not in response.content.decode()


def test_filing_from_a_stale_page_says_the_dispute_changed_meanwhile(client_for, users):
    dispute = village_dispute(users, state="agreed")
    response = client_for("mediator_dongzhai").post(
        reverse("mediation:confirmation_apply", args=[dispute.code]),
        {"version": dispute.version - 1},
        follow=True,
    )
    assert response.status_code == 200
    assert zh("This dispute was changed meanwhile. Look at its current state and try again.") in (
        response.content.decode()
    )
    assert Dispute.objects.get(pk=dispute.pk).status == "agreed"


def test_a_guard_is_shown_instead_of_the_button(client_for, users):
    dispute = village_dispute(users, state="agreed", personal_status_matter=True)
    html = (
        client_for("mediator_dongzhai")
        .get(reverse("mediation:confirmation", args=[dispute.code]))
        .content.decode()
    )
    assert zh("Identity, adoption and marriage-relation matters cannot be judicially confirmed.") in html
    assert "向法院提交申请" not in html
