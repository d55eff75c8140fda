"""`python -m casus` is the `casus` command."""

from casus.cli import app

app(prog_name="casus")
