"""Uploads are checked by their bytes: a program renamed .pdf is refused on every upload path, and what
is stored is served as a download with the type its bytes show."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from agencies.choices import Role
from agencies.models import Body
from dashboards.congress.models import CongressReport
from disputes.models import Attachment
from linze import uploads
from tests.factories import register_dispute, staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("linze")]

# The start of a Windows program: the MZ header and, where it points, the PE signature.
WINDOWS_PROGRAM = (
    b"MZ\x90\x00" + b"\x00" * 56 + b"\x80\x00\x00\x00" + b"\x00" * 64 + b"PE\x00\x00" + b"\x00" * 400
)
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}


def office_open_xml(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(part, "<document/>")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    # The browser's word for the type is whatever the name suggests: the check must not believe it.
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def holder(users, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = Client(**ENGLISH)
    client.force_login(users["mediator_dongzhai"])
    return client


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("invoice.pdf", PDF),
        ("现场照片.jpg", JPEG),
        ("photo.jpeg", JPEG),
        ("scan.png", PNG),
        ("合同.docx", office_open_xml("word/document.xml")),
        ("账目.xlsx", office_open_xml("xl/workbook.xml")),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600),
        ("笔录.txt", "双方同意调解。\n".encode()),
        ("笔录-gbk.txt", "双方同意调解。\n".encode("gb18030")),
        ("recording.mp3", b"ID3\x03\x00\x00\x00\x00\x00\x00" + b"\x00" * 40),
        ("recording.m4a", b"\x00\x00\x00\x20ftypM4A \x00\x00\x00\x00M4A mp42isom" + b"\x00" * 40),
    ],
)
def test_files_whose_bytes_match_their_names_are_accepted(name, content):
    uploads.upload_check(upload(name, content))


@pytest.mark.parametrize(
    ("name", "content", "found"),
    [
        ("invoice.pdf", WINDOWS_PROGRAM, "a Windows program"),
        ("photo.jpg", PNG, "image/png"),
        ("contract.docx", office_open_xml("other/file.xml"), "a ZIP archive"),
        ("contract.pdf", office_open_xml("word/document.xml"), uploads.DOCX),
        ("notes.txt", WINDOWS_PROGRAM, "a Windows program"),
        ("notes.txt", b"\x00\x01\x02\x03binary", "of no type that can be recognised"),
        ("empty.pdf", b"", "of no type that can be recognised"),
    ],
)
def test_files_whose_bytes_do_not_match_their_names_are_refused_with_what_they_are(name, content, found):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            uploads.upload_check(upload(name, content))
        message = refused.value.messages[0]  # formatted here: the kind's name is translated lazily
    assert message.startswith(f"{name} is refused: its content is {found}"), message


def test_a_program_renamed_pdf_is_refused_on_the_dispute_page(holder, users):
    dispute = register_dispute(user=users["mediator_dongzhai"])

    response = holder.post(
        f"/workbench/d/{dispute.code}/attachments/",
        {"file": upload("invoice.pdf", WINDOWS_PROGRAM)},
        follow=True,
    )

    html = response.content.decode()
    assert "invoice.pdf is refused: its content is a Windows program" in html
    assert not Attachment.objects.exists()
    assert not dispute.events.filter(transition="attach").exists()


def test_a_program_renamed_pdf_is_refused_at_intake(holder):
    from tests.disputes.test_intake import THREE_PARTIES, intake_post

    data = intake_post(parties=[THREE_PARTIES[0]])
    data["attachments"] = [upload("invoice.pdf", WINDOWS_PROGRAM), upload("good.pdf", PDF)]

    html = holder.post("/workbench/new/", data).content.decode()

    assert "invoice.pdf is refused: its content is a Windows program" in html
    assert not Attachment.objects.exists()


def test_a_program_renamed_pdf_is_refused_by_the_api(users, settings, tmp_path):
    from rest_framework.test import APIClient

    settings.MEDIA_ROOT = tmp_path
    dispute = register_dispute(user=users["mediator_dongzhai"])
    client = APIClient(**ENGLISH)
    client.force_authenticate(users["mediator_dongzhai"])

    response = client.post(
        f"/api/v1/disputes/{dispute.code}/attachments/",
        {"file": upload("invoice.pdf", WINDOWS_PROGRAM)},
        format="multipart",
    )

    assert response.status_code == 400
    assert "is refused: its content is a Windows program" in response.json()["detail"]
    assert not Attachment.objects.exists()


def test_a_program_renamed_pdf_is_refused_as_a_report_to_the_congress(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = Client(**ENGLISH)
    client.force_login(staff("county-congress", Role.LEADER))

    response = client.post(
        reverse("dashboards:congress_report_new"),
        {
            "body": Body.objects.get(code="county-court").pk,
            "title": "报告",
            "file": upload("report.pdf", WINDOWS_PROGRAM),
        },
    )

    assert response.status_code == 400
    assert "report.pdf is refused: its content is a Windows program" in response.content.decode()
    assert not CongressReport.objects.exists()


def test_an_accepted_file_is_stored_and_served_as_a_download_of_its_detected_type(holder, users):
    dispute = register_dispute(user=users["mediator_dongzhai"])
    # The browser called it something else: the type stored is the one the bytes show.
    holder.post(
        f"/workbench/d/{dispute.code}/attachments/",
        {"file": upload("合同.pdf", PDF, content_type="text/html")},
    )
    attachment = Attachment.objects.get()
    assert attachment.content_type == "application/pdf"

    response = holder.get(f"/workbench/d/{dispute.code}/attachments/{attachment.pk}/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_a_stored_file_whose_bytes_do_not_match_is_served_as_bytes_not_as_its_name_says(holder, users):
    dispute = register_dispute(user=users["mediator_dongzhai"])
    holder.post(f"/workbench/d/{dispute.code}/attachments/", {"file": upload("scan.pdf", PDF)})
    attachment = Attachment.objects.get()
    # Stored before the check existed, or changed on disk since.
    with open(attachment.file.path, "wb") as stored:
        stored.write(b"<html><script>alert(1)</script></html>")

    response = holder.get(f"/workbench/d/{dispute.code}/attachments/{attachment.pk}/")

    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
