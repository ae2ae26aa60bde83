"""Reference data shipped with the portal: the county's regions and bodies, categories and the ladder.

The modules here hold plain data only; `agencies.services.reference_data_load()` writes it.
"""
