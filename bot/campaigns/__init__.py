"""Campaigns and anonymous figures (issue 5): campaign codes and links, QR codes, weekly
counts that survive the retention job, the threshold of 5, tables, CSV and SVG charts.

Modules, one job each:
- models: Campaign, WeeklyFigure, Feedback (tables of migration 0003)
- labels: the Dutch words a campaign team reads
- links: campaign codes (Telegram deep-link rules), web and Telegram links
- qr: QR codes as SVG and PNG for print
- weeks: ISO weeks in Dutch local time
- figures: counting (live data plus folded aggregates) and folding before deletion
- durations: first-reply time and time to close per week, from the cases table
- tables: the threshold of 5, dashboard tables, CSV export, chart series
- charts: server-side SVG charts, readable without colour
"""
