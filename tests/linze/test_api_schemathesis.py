"""The API answers as its schema says: a bounded schemathesis run against a live server.

Every operation of /api/v1/schema/ is called with a few generated requests (a fixed seed, no
shrinking, a time budget), signed in with a token of the county centre's clerk, a realistic user who
registers and handles disputes: requests the schema allows, then, for every operation that takes a
body or query parameters, requests it does not (wrong types, missing fields), which must be refused
with a 4xx the schema describes. An operation with path parameters only has nothing to break but its
path, which the generated codes already do: it gets no second pass. Operations with a dispute or a
referral in their path are called twice: with generated codes (answers 404) and with a real one the
clerk may see. The indicators are for leaders: the clerk's calls check the 403, and the same calls
with a leader's token check the figures. Each answer must be no 5xx, a documented status, the
documented media type and a body that matches the schema. Nothing is excluded.
"""

import time

import pytest
import requests
import schemathesis
from django.core.management import call_command
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from agencies.models import Body
from demo.accounts import demo_accounts_create
from disputes.models import Referral
from tests.disputes.test_api import register_payload

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES_PER_OPERATION = 5
BUDGET_SECONDS = 240  # the whole run; it takes 30 s to a minute on a 2-core machine
RUN = settings(
    max_examples=EXAMPLES_PER_OPERATION,
    derandomize=True,  # the same requests on every run
    database=None,
    deadline=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def world(transactional_db):
    call_command("load_linze", verbosity=0)
    users = {user.username: user for user in demo_accounts_create()}
    clerk = users["centre"]
    client = APIClient()
    client.force_authenticate(clerk)
    code = client.post("/api/v1/disputes/", register_payload(), format="json").json()["code"]
    # A referral for the real-id calls of the referral operations: the centre blows the whistle.
    labour = Body.objects.get(code="labour-dept")
    referred = client.post(
        f"/api/v1/disputes/{code}/transitions/refer/",
        {"bodies": [labour.pk], "route": "administrative_mediation", "note": "请人社局办理"},
        format="json",
    )
    assert referred.status_code == 200, referred.json()
    referral = Referral.objects.get(dispute__code=code)
    return {
        "clerk": Token.objects.create(user=clerk).key,
        "leader": Token.objects.create(user=users["leader"]).key,
        "code": code,
        "referral": referral.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_every_operation_answers_as_the_schema_says(live_server, world):
    clerk = {"Authorization": f"Token {world['clerk']}", "Accept-Language": "en"}
    leader = {"Authorization": f"Token {world['leader']}", "Accept-Language": "en"}
    loaded = requests.get(f"{live_server.url}/api/v1/schema/?format=json", headers=clerk, timeout=30)
    assert loaded.status_code == 200, loaded.text[:300]
    schema = schemathesis.openapi.from_dict(loaded.json())
    session = requests.Session()
    started, failures, calls = time.monotonic(), [], []

    def run(operation, headers, path_parameters=None, mode=schemathesis.GenerationMode.POSITIVE):
        @RUN
        @given(case=operation.as_strategy(mode, path_parameters=path_parameters))
        def call(case):
            assert time.monotonic() - started < BUDGET_SECONDS, "the schemathesis run is over its budget"
            response = case.call_and_validate(
                base_url=live_server.url, session=session, headers=headers, checks=CHECKS, timeout=30
            )
            calls.append((operation.label, mode, response.status_code))

        try:
            call()
        except (Exception, BaseExceptionGroup) as failure:  # collect every operation's, report them together
            failures.append(f"{operation.label} {mode.value} {path_parameters or ''}: {failure}")

    for result in schema.get_all_operations():
        operation = result.ok()
        run(operation, clerk)
        if operation.path.startswith("/api/v1/indicators/"):
            run(operation, leader)
        if "{code}" in operation.path:
            run(operation, clerk, {"code": world["code"]})
        if "{id}" in operation.path:
            run(operation, clerk, {"id": world["referral"]})
        if len(operation.query) or len(operation.body):
            real = {"code": world["code"]} if "{code}" in operation.path else None
            real = {"id": world["referral"]} if "{id}" in operation.path else real
            run(operation, clerk, real, mode=schemathesis.GenerationMode.NEGATIVE)

    session.close()
    assert not failures, "\n\n".join(failures[:10])
    operations = {label for label, _mode, _status in calls}
    assert len(operations) == len(list(schema.get_all_operations())), "an operation was never called"
    # The run reached past the refusals: real answers of the lists, a dispute and the indicators.
    answered = {label for label, _mode, status in calls if status < 300}
    assert {"GET /api/v1/disputes/", "GET /api/v1/disputes/{code}/", "GET /api/v1/indicators/"} <= answered
    # And the input it should not take was sent, and refused.
    refused = {label for label, mode, status in calls if mode == schemathesis.GenerationMode.NEGATIVE}
    assert {
        "POST /api/v1/disputes/",
        "POST /api/v1/disputes/{code}/sessions/",
        "GET /api/v1/indicators/",
    } <= refused
