from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.models import ExplorerAnswer, ExplorerQuestion, GuideWay, OnlineSubmission


@admin.register(GuideWay)
class GuideWayAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "position", "is_active"]
    list_editable = ["position", "is_active"]
    filter_horizontal = ["deadline_policies"]
    fieldsets = [
        (None, {"fields": ["slug", "position", "is_active", ("name", "name_en"), ("summary", "summary_en")]}),
        (
            _("What it involves"),
            {
                "fields": [
                    ("handled_by", "handled_by_en"),
                    ("steps", "steps_en"),
                    ("legal_effect", "legal_effect_en"),
                    ("cost", "cost_en"),
                    ("what_to_bring", "what_to_bring_en"),
                    ("advantages", "advantages_en"),
                    ("drawbacks", "drawbacks_en"),
                ]
            },
        ),
        (_("Time limits"), {"fields": ["deadline_policies", ("time_limits_note", "time_limits_note_en")]}),
    ]


class ExplorerAnswerInline(admin.StackedInline):
    model = ExplorerAnswer
    fk_name = "question"
    extra = 0
    filter_horizontal = ["ways"]


@admin.register(ExplorerQuestion)
class ExplorerQuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "code", "position", "is_start"]
    inlines = [ExplorerAnswerInline]


@admin.register(OnlineSubmission)
class OnlineSubmissionAdmin(admin.ModelAdmin):
    list_display = ["dispute", "created_at"]
    readonly_fields = ["dispute", "phone", "created_at"]
    exclude = ["password_hash"]
    list_select_related = ["dispute"]

    def has_add_permission(self, request) -> bool:
        return False
