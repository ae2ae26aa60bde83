from rest_framework import pagination
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response


class BrowsableForSignedInUsers(DefaultContentNegotiation):
    """The browsable API (HTML pages with forms) for signed-in users; anyone else is answered in JSON.

    Asking for the user authenticates the request here, before DRF would: a bad token raises the same
    refusal it would raise a moment later, and the refusal is then rendered for an anonymous user."""

    def select_renderer(self, request, renderers, format_suffix=None):
        if not request.user.is_authenticated:
            renderers = [r for r in renderers if not isinstance(r, BrowsableAPIRenderer)] or renderers[:1]
        return super().select_renderer(request, renderers, format_suffix)


def refuse_null_characters(query_params) -> None:
    """A query parameter holding NUL is refused (400) before it reaches PostgreSQL, which cannot compare
    such a string and would make the answer a 500."""
    from django.core.validators import ProhibitNullCharactersValidator
    from rest_framework.exceptions import ValidationError

    refused = {
        name: [ProhibitNullCharactersValidator.message]
        for name, values in query_params.lists()
        if "\x00" in name or any("\x00" in value for value in values)
    }
    if refused:
        raise ValidationError(refused)


class CursorPagination(pagination.CursorPagination):
    """Pages by position (a cursor on the ordering), so a page costs its own rows whatever the set holds.

    No COUNT unless the caller asks (`?count=true`), and then a bounded one: `"count": 1000` with
    `"count_capped": true` means "at least 1000"."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-opened_at", "-id")
    count_bound = 1000

    def paginate_queryset(self, queryset, request, view=None):
        self.bounded_count = None
        if str(request.query_params.get("count", "")).lower() in ("1", "true", "yes"):
            counted = queryset.order_by().values("pk")[: self.count_bound + 1].count()
            self.bounded_count = (min(counted, self.count_bound), counted > self.count_bound)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        body = {"next": self.get_next_link(), "previous": self.get_previous_link()}
        if self.bounded_count is not None:
            body["count"], body["count_capped"] = self.bounded_count
        return Response({**body, "results": data})

    def get_paginated_response_schema(self, schema):
        described = super().get_paginated_response_schema(schema)
        # next and previous are always there (null at either end of the list).
        described["required"] = ["next", "previous", "results"]
        described["properties"]["count"] = {
            "type": "integer",
            "description": "Only with ?count=true: how many match, counted up to the bound.",
        }
        described["properties"]["count_capped"] = {
            "type": "boolean",
            "description": "Only with ?count=true: true when there are more than `count`.",
        }
        return described

    def get_schema_operation_parameters(self, view):
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": "count",
                "required": False,
                "in": "query",
                "description": "true: add a bounded count of the matching rows.",
                "schema": {"type": "boolean"},
            },
        ]


class NewestReferralsFirst(CursorPagination):
    ordering = ("-created_at", "-id")


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
