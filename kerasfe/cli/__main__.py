"""`python -m kerasfe.cli ...` runs the `kerasfe` command."""
from kerasfe.cli.main import main

main()
