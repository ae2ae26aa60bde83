"""The API schema: drf-spectacular's, plus every operation's refusals with their bodies.

Apart from linze/api.py because drf-spectacular reads DRF's settings on import, and those name
linze/api.py."""

import re

from drf_spectacular import openapi
from drf_spectacular.plumbing import ResolvedComponent

ERROR_SCHEMA = {
    "type": "object",
    "description": "A refusal. `code` names the refusal of a service: stale, wrong_state, guard, "
    "not_permitted, refused, unknown_transition, conflict.",
    "properties": {
        "detail": {"type": "string", "description": "Why, in words the user can be shown."},
        "code": {"type": "string"},
    },
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "Input that was refused. A form's errors come one key per field (non_field_errors "
    "for the whole), each with its messages; a service's refusal comes as `detail` (the first message), "
    "`errors` (the messages per field) and `code`; a body that does not parse, as `detail` alone.",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
    "additionalProperties": {"oneOf": [{"type": "array"}, {"type": "object"}]},
}
ERROR_ANSWERS = {
    400: ("ValidationError", VALIDATION_ERROR_SCHEMA, "The input was refused; the body says why, per field."),
    403: ("Error", ERROR_SCHEMA, "Not signed in (no session, a wrong token), or not one who may do this."),
    404: ("Error", ERROR_SCHEMA, "No such object within your scope (or a cursor or a code that names none)."),
    409: (
        "Error",
        ERROR_SCHEMA,
        "Not possible now: the object changed since the version you sent (stale), or its state "
        "does not allow this (wrong_state, guard).",
    ),
    415: ("Error", ERROR_SCHEMA, "The request body's media type is not one this operation reads."),
}


class AutoSchema(openapi.AutoSchema):
    """drf-spectacular's schema, plus the refusals each operation may answer with their bodies.

    Every operation may answer 403; one that reads a body, 400 and 415; one with an object in its path
    or a cursor, 404. A view adds what only it refuses in `refusals` (e.g. `(409,)` for an action that
    a state or a stale version can refuse, `(400,)` for query parameters that are checked)."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for status_code in self._refusal_codes():
            name, schema, description = ERROR_ANSWERS[status_code]
            component = ResolvedComponent(
                name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema
            )
            self.registry.register_on_missing(component)
            responses.setdefault(
                str(status_code),
                {"description": description, "content": {"application/json": {"schema": component.ref}}},
            )
        return responses

    def _refusal_codes(self) -> list[int]:
        codes = {403, *getattr(self.view, "refusals", ())}
        if self.method in ("POST", "PUT", "PATCH") and self.get_request_serializer() is not None:
            codes |= {400, 415}
        if re.search(r"{\w+}", self.path) or (self.method == "GET" and self._is_list_view()):
            codes.add(404)
        return sorted(codes)
