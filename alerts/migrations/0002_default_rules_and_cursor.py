"""The shipped early-warning rules (thresholds the administrator may change), and the sweep's cursor
starting at the present, so that the sweep never evaluates history on a new installation."""

from django.db import migrations
from django.db.models import Max

DEFAULT_RULES = [
    # code, kind, level, tell the joint meeting, thresholds
    ("repeat-party", "repeat_party", "orange", False,
     {"min_open_disputes": 2, "min_disputes_in_window": 3, "window_days": 365}),
    ("cluster-village", "cluster", "orange", True,
     {"min_disputes_in_window": 3, "window_days": 7, "scope": "village"}),
    ("cluster-town", "cluster", "red", True,
     {"min_disputes_in_window": 5, "window_days": 7, "scope": "town"}),
    ("mass-dispute", "mass_dispute", "red", True,
     {"min_parties_on_one_side": 5, "min_people_involved": 10}),
    ("violence-words", "violence_words", "red", False,
     {"words": "\n".join(["同归于尽", "拼命", "报复", "杀了", "弄死", "砍死", "打死", "捅死", "放火",
                          "烧死", "炸死", "跳楼", "喝农药", "不想活", "鱼死网破", "血债血偿"])}),
    ("failed-mediation", "failed_mediation", "orange", False, {"min_failed_sessions": 2}),
]


def install(apps, schema_editor):
    WarningRule = apps.get_model("alerts", "WarningRule")
    for code, kind, level, joint_meeting, thresholds in DEFAULT_RULES:
        WarningRule.objects.get_or_create(
            code=code,
            defaults={"kind": kind, "level": level, "notify_joint_meeting": joint_meeting, **thresholds},
        )
    DisputeEvent = apps.get_model("disputes", "DisputeEvent")
    WarningSweepCursor = apps.get_model("alerts", "WarningSweepCursor")
    latest = DisputeEvent.objects.aggregate(last=Max("pk"))["last"] or 0
    WarningSweepCursor.objects.get_or_create(pk=1, defaults={"last_event_id": latest})


def remove(apps, schema_editor):
    apps.get_model("alerts", "WarningRule").objects.filter(code__in=[rule[0] for rule in DEFAULT_RULES]).delete()
    apps.get_model("alerts", "WarningSweepCursor").objects.filter(pk=1).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("alerts", "0001_warnings"),
    ]

    operations = [migrations.RunPython(install, remove)]
