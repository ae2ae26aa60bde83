from django.contrib import admin
from django.db.models import F

from disputes.models import Category, LadderStep


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "sort_order", "is_active"]
    list_editable = ["sort_order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name", "name_en"]


@admin.register(LadderStep)
class LadderStepAdmin(admin.ModelAdmin):
    list_display = ["position", "tier", "holder_kind", "working_days", "town"]
    list_filter = [("town", admin.RelatedOnlyFieldListFilter), "tier"]
    autocomplete_fields = ["town"]
    list_select_related = ["town"]
    # The county-wide default ladder (no town) first, then the towns' own ladders.
    ordering = [F("town__code").asc(nulls_first=True), "position"]
