from django.contrib import admin

from mediation.models import MediationRoom, MediatorProfile, TrainingRecord


@admin.register(MediationRoom)
class MediationRoomAdmin(admin.ModelAdmin):
    list_display = ["name", "body", "is_brand"]
    list_filter = ["is_brand"]
    search_fields = ["name", "body__name"]
    autocomplete_fields = ["body"]


@admin.register(MediatorProfile)
class MediatorProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "title", "phone"]
    search_fields = ["user__username", "user__last_name", "user__first_name", "title"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["specialties"]
    list_select_related = ["user"]


@admin.register(TrainingRecord)
class TrainingRecordAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "held_on", "hours", "organiser"]
    list_filter = ["held_on"]
    search_fields = ["title", "organiser", "user__username", "user__last_name"]
    autocomplete_fields = ["user"]
    date_hierarchy = "held_on"
    list_select_related = ["user"]
