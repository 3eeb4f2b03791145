"""Reading what people bring: tables (CSV/XLSX) and numbers as they type them.

One reader for every place that takes a user's table (the upload, the Gemeentefonds table, the notes
import) and one number parser for every number field. A layer of its own between ``data`` and
``core``: it knows nothing about municipalities or indicators.
"""
