from tests.disputes.conftest import admin, linze, linze_committed, users  # noqa: F401
