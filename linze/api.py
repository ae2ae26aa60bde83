from rest_framework import pagination
from rest_framework.response import Response


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def exception_handler(exc, context):
    """Refusals and validation errors of the services become 400 / 403 / 409 answers with a message."""
    from django.core.exceptions import ValidationError as DjangoValidationError
    from rest_framework.views import exception_handler as drf_exception_handler

    from linze.exceptions import ActionRefused

    if isinstance(exc, ActionRefused):
        return Response({"detail": str(exc.message), "code": exc.code}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response({"detail": _first_message(errors), "errors": errors, "code": "invalid"}, status=400)
    return drf_exception_handler(exc, context)


def _first_message(errors) -> str:
    for messages in errors.values():
        if isinstance(messages, dict):
            return _first_message(messages)
        if messages:
            return str(messages[0])
    return ""
