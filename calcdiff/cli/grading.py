"""``grade`` on the command line: a class's answers in (``EXPR ; ANSWER`` lines, a CSV file
with ``expr`` and ``answer`` columns, or JSON Lines), one grade per line out, and the count
per mistake at the end (on stderr; also in the output with ``--summary``)."""

from __future__ import annotations

import click

from calcdiff.cli.app import App, Item, run_batch
from calcdiff.commands.grade import csv_as_json_lines, line_label
from calcdiff.render import render
from calcdiff.results_grade import GradeSummary

# (this module is loaded by the grade command only, so its imports cost nothing at start-up)


class GradeApp(App):
    """The invocation's App, counting every grade it writes into a summary."""

    def __init__(self, fmt, steps=True):
        super().__init__(fmt, steps)
        self.summary = GradeSummary()

    def count(self, counted) -> None:
        self.summary.add_tally(counted)

    def fail(self, error, item: Item | None = None) -> None:
        self.summary.unreadable += 1
        super().fail(error, item)

    def record_fields(self, item: Item | None) -> dict:
        """The student of a line that could not be graded, as its grade would carry."""
        label = line_label(item.text) if item is not None else None
        return {} if label is None else {"id": label}


def grade_items(items: list[Item]) -> list[Item]:
    """The items, with each CSV file (a header naming ``expr`` and ``answer``) turned into
    one JSON line per row, keeping the row's line number."""
    out: list[Item] = []
    by_source: dict = {}
    for it in items:
        by_source.setdefault(it.source, []).append(it)
    for source, group in by_source.items():
        rows = csv_as_json_lines([it.text for it in group]) if source is not None else None
        if rows is None:
            out.extend(group)
            continue
        out.extend(Item(text, source, it.line, shown=it.text)
                   for text, it in zip(rows, group[1:]))
    return out


def run_grades(app: GradeApp, items: list[Item], job, summary: bool) -> None:
    """Grade every item in order; then the summary on stderr (for more than one answer) and,
    with ``summary``, in the output too."""
    run_batch(app, items, job)
    if len(items) > 1 or summary:
        click.echo(render(app.summary, "text"), err=True)
    if summary:
        printed, succeeded = app.printed, app.succeeded
        App.emit(app, app.summary)
        app.printed, app.succeeded = printed + 1, succeeded
