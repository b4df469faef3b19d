"""The `kerasfe` command: `kerasfe train|test APP.py [--backend B] [--any_get_estimator_arg VALUE]`
and `kerasfe logs FILES_OR_DIRS`. Nothing here imports Keras at import time, so `--backend` can
choose it."""
