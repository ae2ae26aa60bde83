"""Exports of the leaders' pages: the dispute register 台账 and the indicator table per town as Excel.

models.py    ExportJob, the record of every export (who, which filters, when, how many rows) and the
             file of a background one while it is kept
register.py  the workbook: rows read through restrict() in keyset chunks, written by openpyxl's
             write-only mode, so that memory stays flat whatever the number of rows
services.py  export_start (direct or background), export_job_run (the task's body: claim, write,
             report progress, finish), export_sweep_run (requeue stalled jobs, delete expired files)
selectors.py the user's own exports
views.py     the export form, the job page with its progress bar (htmx), the download
"""
