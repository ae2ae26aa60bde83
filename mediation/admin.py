from django.contrib import admin

from mediation.models import MediationRoom


@admin.register(MediationRoom)
class MediationRoomAdmin(admin.ModelAdmin):
    list_display = ["name", "body", "is_brand"]
    list_filter = ["is_brand"]
    search_fields = ["name", "body__name"]
    autocomplete_fields = ["body"]
