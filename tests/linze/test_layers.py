"""The layers of DESIGN.md §2 hold in the migration graph too: a lower app's migrations never depend on
a higher app's, so the graph has no cycle between apps. (The imports are checked by lint-imports.)"""

from django.db.migrations.loader import MigrationLoader

# Bottom to top; apps on one line may not depend on each other.
LAYERS = [
    {"linze"},
    {"agencies"},
    {"disputes"},
    {"mediation"},
    {"notifications"},
    {"alerts"},
    {"dashboards", "portal", "demo"},
]
RANK = {app: rank for rank, apps in enumerate(LAYERS) for app in apps}


def app_dependencies() -> set[tuple[str, str]]:
    """(app, app it depends on) for every migration dependency between two of the project's apps."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    edges = set()
    for key, node in graph.node_map.items():
        for parent in node.parents:
            app, parent_app = key[0], parent.key[0]
            if app in RANK and parent_app in RANK and parent_app != app:
                edges.add((app, parent_app))
    return edges


def test_every_migration_dependency_points_down_the_layers():
    upward = sorted((app, parent) for app, parent in app_dependencies() if RANK[parent] >= RANK[app])

    assert upward == [], f"migrations that depend on an app at the same or a higher layer: {upward}"


def test_the_moved_models_keep_their_tables():
    """Referral moved from agencies and the personal-data audit from linze without copying data."""
    from disputes.models import PersonalDataView, Referral

    assert Referral._meta.db_table == "agencies_referral"
    assert PersonalDataView._meta.db_table == "linze_personaldataview"
