"""What kg prints on a terminal: text made safe to print, where "wrote ..." goes, progress bars."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import click


_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def plain(text: str) -> str:
    """`text` safe to print on a terminal: control characters (a file name can hold an escape
    sequence that recolours, retitles or clears the terminal) and bidi overrides shown as \\xNN."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 256
                            else f"\\u{ord(m.group()):04x}", text)


def say(text: str, err: bool = False) -> None:
    click.echo(plain(text), err=err)


def wrote(what: str, output: Path) -> None:
    """Say what was written: on standard error when the output itself went to standard output."""
    from kg.build import writes_through

    say(f"wrote {'standard output' if str(output) == '-' else what}", err=writes_through(output))


class Progress:
    """A progress bar on standard error for long work (count, rate, time left), shown only on a
    terminal and never with --quiet: a pipe or a log gets nothing of it."""

    def __init__(self, label: str, quiet: bool = False):
        self.label, self.bar, self.started = label, None, 0.0
        self.shown = not quiet and sys.stderr.isatty()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.shown:
            return
        if stage != self.label:
            self.close()
            self.label = stage
            if not total:
                click.echo(f"{stage}…", err=True)
                return
        if self.bar is None:
            import time

            self.started = time.monotonic()
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr, show_eta=True,
                                         show_pos=self.label != "uploading", item_show_func=self._rate)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def _rate(self, _item: object) -> str:
        import time

        elapsed = time.monotonic() - self.started
        if self.bar is None or elapsed <= 0:
            return ""
        rate = self.bar.pos / elapsed
        if self.label == "uploading":  # bytes
            return f"{self.bar.pos / 1e6:,.1f} of {self.bar.length / 1e6:,.1f} MB, {rate / 1e6:,.1f} MB/s"
        return f"{rate:,.0f} {self.label.split()[-1]}/s"

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None
