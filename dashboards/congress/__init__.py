"""The People's Congress pages 人大监督: the bodies' periodic reports to the standing committee, its
inspections and inquiries with their findings and the bodies' answers, and the report pack for a
period (a PDF of the indicators, the layered-filter funnel, overdue work by body and the 无讼村 list).

models.py     CongressReport, CongressActivity, CongressRequest
permissions.py who may read, record and answer
services.py   writes: report_upload (the period's indicators attached), activity_record, request_answer
selectors.py  reads, each with a fixed number of queries
pack.py       the report pack's content and its PDF
views.py forms.py
"""
