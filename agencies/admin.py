from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from agencies.models import Body, GridLiaison, Membership, Region


class RegionAdminForm(forms.ModelForm):
    class Meta:
        model = Region
        fields = [
            "code",
            "former_code",
            "name",
            "name_en",
            "kind",
            "parent",
            "population",
            "population_is_estimate",
        ]

    def clean(self):
        cleaned_data = super().clean()
        code, parent = cleaned_data.get("code"), cleaned_data.get("parent")
        # Region.objects.within() finds everything below a region by code prefix.
        if code and parent is not None and (not code.startswith(parent.code) or code == parent.code):
            self.add_error(
                "code", _("The code must extend the parent's code %(code)s.") % {"code": parent.code}
            )
        return cleaned_data


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    form = RegionAdminForm
    list_display = ["code", "name", "name_en", "kind", "parent", "population", "population_is_estimate"]
    list_filter = ["kind", "population_is_estimate"]
    search_fields = ["^code", "^former_code", "name", "name_en"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    list_per_page = 100


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "region", "parent", "sector", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name", "name_en", "region__name"]
    autocomplete_fields = ["region", "parent"]
    readonly_fields = ["group"]
    list_select_related = ["region", "parent"]
    list_per_page = 100
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "user_full_name", "body", "role", "is_primary"]
    list_filter = ["role", "body__kind"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "body__code", "body__name"]
    autocomplete_fields = ["user", "body"]
    list_select_related = ["user", "body"]

    @admin.display(description=_("full name"), ordering="user__last_name")
    def user_full_name(self, membership: Membership) -> str:
        return f"{membership.user.last_name}{membership.user.first_name}"


@admin.register(GridLiaison)
class GridLiaisonAdmin(admin.ModelAdmin):
    list_display = ["grid", "kind", "user", "body", "phone"]
    list_filter = ["kind"]
    search_fields = ["^grid__code", "grid__name", "user__username", "user__last_name"]
    autocomplete_fields = ["grid", "body"]
    raw_id_fields = ["user"]
