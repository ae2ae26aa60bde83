"""The second sheet of an export: the indicator table per town (dashboards.indicators.town_table)."""

from django.utils.translation import gettext as _

from dashboards.exports.register import BOLD, Header, _cell, table_start


def town_sheet(workbook, *, job, header: Header) -> int:
    """The indicators of each town for the job's period and region, under the same header block;
    returns the number of towns."""
    from dashboards.indicators import Scope, town_table

    table = town_table(Scope(region=job.region, start=job.start, end=job.end, label=job.label))
    sheet = workbook.create_sheet(title=_("Indicators by town")[:31])
    columns = [(_("Town"), 16)] + [(str(label), 12) for _key, label in table.columns]
    table_start(
        sheet,
        Header(_("Linze County indicators by town"), header.period, header.produced_by, header.produced_at),
        columns,
    )
    for row in table.rows:
        values = [row.values.get(key) for key, _label in table.columns]
        sheet.append([row.region.display_name, *("" if value is None else value for value in values)])
    if table.population_is_estimate:
        sheet.append([])
        sheet.append([_cell(sheet, _("Populations are estimates (editable data)."), font=BOLD)])
    return len(table.rows)
