import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.dates import WEEKDAYS
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from linze.holiday_notice import NoticeDay, notice_parse
from linze.models import AuditRecord, HolidayCalendarDay, WorkerHeartbeat
from linze.services import holiday_calendar_enter


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ["worker", "seen_at", "runs"]


class YearFilter(admin.SimpleListFilter):
    title = gettext_lazy("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = HolidayCalendarDay.objects.dates("day", "year", order="DESC")
        return [(str(year.year), str(year.year)) for year in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(day__year=int(self.value()))
        return queryset


class NoticeForm(forms.Form):
    """A year's notice in a few lines (linze/holiday_notice.py), checked before anything is saved."""

    text = forms.CharField(
        label=gettext_lazy("Days of the notice"),
        strip=False,  # the line numbers of the errors are those of the text the administrator sees
        widget=forms.Textarea(attrs={"rows": 14, "cols": 70, "class": "vLargeTextField"}),
        help_text=gettext_lazy(
            "One line per holiday or working day: a date or a range, 放假 or 上班, the holiday's name. "
            "E.g. “2027-02-05 至 2027-02-13 放假 春节” and “2027-02-14 上班 春节”. "
            "Lines starting with # are ignored."
        ),
    )
    note = forms.CharField(
        label=gettext_lazy("Source"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("The notice's title or number, kept with every day entered."),
    )
    replace = forms.BooleanField(
        label=gettext_lazy("Replace the year"),
        required=False,
        help_text=gettext_lazy(
            "Delete the entered days of the notice's years that these lines do not name (a corrected notice)."
        ),
    )

    def clean_text(self) -> list[NoticeDay]:
        return notice_parse(self.cleaned_data["text"])


@admin.register(HolidayCalendarDay)
class HolidayCalendarDayAdmin(admin.ModelAdmin):
    list_display = ["day", "weekday", "kind", "name", "note"]
    list_filter = [YearFilter, "kind"]
    search_fields = ["name", "note"]
    ordering = ["day"]
    fields = ["day", "kind", "name", "note"]

    @admin.display(description=gettext_lazy("weekday"), ordering="day")
    def weekday(self, obj: HolidayCalendarDay) -> str:
        return WEEKDAYS[obj.day.weekday()]

    def get_urls(self):
        enter = path(
            "enter/", self.admin_site.admin_view(self.enter_view), name="linze_holidaycalendarday_enter"
        )
        return [enter, *super().get_urls()]

    def enter_view(self, request):
        """Paste the notice, see every day it names and what changes, then save them all at once."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        form = NoticeForm(request.POST or None)
        preview = None
        if request.method == "POST" and form.is_valid():
            days, note, replace = (
                form.cleaned_data["text"],
                form.cleaned_data["note"],
                form.cleaned_data["replace"],
            )
            if "_save" in request.POST:
                return self._enter(request, days=days, note=note, replace=replace)
            preview = self._preview(days, note=note, replace=replace)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Enter the State Council's holiday notice"),
            "form": form,
            "preview": preview,
            "example": EXAMPLE,
        }
        return TemplateResponse(request, "admin/linze/holidaycalendarday/enter.html", context)

    def _preview(self, days: list[NoticeDay], *, note: str, replace: bool) -> dict:
        years = sorted({entry.day.year for entry in days})
        existing = {row.day: row for row in HolidayCalendarDay.objects.filter(day__year__in=years)}
        rows = []
        for entry in days:
            before = existing.pop(entry.day, None)
            if before is None:
                change = _("new")
            elif (before.kind, before.name) != (entry.kind, entry.name) or (note and note != before.note):
                change = _("changed (was: %(before)s)") % {"before": before}
            else:
                change = _("unchanged")
            rows.append(
                {
                    "day": entry.day,
                    "weekday": WEEKDAYS[entry.day.weekday()],
                    "kind": HolidayCalendarDay.Kind(entry.kind).label,
                    "working": entry.kind == HolidayCalendarDay.Kind.WORKING_DAY,
                    "name": entry.name,
                    "change": change,
                }
            )
        return {
            "rows": rows,
            "years": years,
            "holidays": sum(not row["working"] for row in rows),
            "working_days": sum(row["working"] for row in rows),
            "deleted": sorted(existing.values(), key=lambda row: row.day) if replace else [],
        }

    def _enter(self, request, *, days: list[NoticeDay], note: str, replace: bool):
        years = sorted({entry.day.year for entry in days})
        with transaction.atomic():
            if replace:
                named = [entry.day for entry in days]
                self.log_deletions(
                    request, HolidayCalendarDay.objects.filter(day__year__in=years).exclude(day__in=named)
                )
            entered = holiday_calendar_enter(days=days, note=note, replace=replace)
            for row in entered.created:
                self.log_addition(request, row, [{"added": {}}])
            for row in entered.updated:
                self.log_change(request, row, [{"changed": {"fields": ["kind", "name", "note"]}}])
        messages.success(
            request,
            _("Holiday calendar %(years)s: %(created)d days added, %(updated)d changed, %(deleted)d deleted.")
            % {
                "years": ", ".join(map(str, years)),
                "created": len(entered.created),
                "updated": len(entered.updated),
                "deleted": len(entered.deleted),
            },
        )
        changelist = reverse("admin:linze_holidaycalendarday_changelist")
        return redirect(f"{changelist}?year={years[0]}" if len(years) == 1 else changelist)


# Shown beside the form: the shape of a notice, not its dates (those come from the notice itself).
EXAMPLE = """# 国务院办公厅关于2027年部分节假日安排的通知
YYYY-01-01 放假 元旦
YYYY-MM-DD 至 YYYY-MM-DD 放假 春节
YYYY-MM-DD 上班 春节"""


class BoundedCountPaginator(Paginator):
    """The admin's pages without a COUNT of the whole table: at most `BOUND` + 1 rows are counted, so
    the audit log's first page costs the same at a thousand records and at a hundred million. Past the
    bound the page links stop there; the filters and the date drill-down narrow the list instead."""

    BOUND = 10_000

    @cached_property
    def count(self) -> int:
        return self.object_list.values("pk")[: self.BOUND + 1].count()


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    """The audit log on one page (administrators): configuration changes, sign-ins, exports and
    unmaskings of personal data, filtered by kind, action, user and date. Never editable."""

    list_display = ["at", "action", "subject", "summary", "username", "ip_address"]
    list_filter = ["action", "subject"]
    date_hierarchy = "at"
    search_fields = ["=username", "=object_id", "=ip_address"]
    search_help_text = gettext_lazy("An exact username, record id or address.")
    paginator = BoundedCountPaginator
    show_full_result_count = False
    list_per_page = 50
    fields = ["at", "action", "subject", "object_id", "summary", "details_table", "username", "ip_address"]
    readonly_fields = fields

    @admin.display(description=gettext_lazy("details"))
    def details_table(self, record: AuditRecord) -> str:
        if not record.details:
            return "—"
        rows = format_html_join(
            "",
            "<tr><th>{}</th><td>{}</td><td>{}</td></tr>",
            ((name, *_before_after(values)) for name, values in record.details.items()),
        )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("field"),
            _("before"),
            _("after"),
            rows,
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


def _before_after(values) -> tuple[str, str]:
    """A change is stored as [before, after]."""
    before, after = values if isinstance(values, list) and len(values) == 2 else (None, values)
    return _json(before), _json(after)


def _json(value) -> str:
    if value is None:
        return "—"
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
