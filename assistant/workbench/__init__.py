"""The evaluator's workbench: many reports at once.

- ``check.check_batch``: a folder of reports validated into a findings workbook (``disclosure check``);
- ``export.export_facts``: every table cell and prose figure of the knowledge base into a workbook
  (``disclosure export``);
- ``metrics.metric_values`` / ``metrics.chart_for``: one metric across bodies and years, as the
  统计 tab's charts and a chat answer's chart data.

Nothing heavy at import: openpyxl and pandas load inside the functions that need them.
"""
