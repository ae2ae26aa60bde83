from tests.mediation.fixtures import client_for, linze, users  # noqa: F401
