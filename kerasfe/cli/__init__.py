"""The `kerasfe` command: `kerasfe train|test APP.py [--backend B] [--weights_dir D | --load_weights D]
[--any_get_estimator_arg VALUE]` and `kerasfe logs FILES_OR_DIRS`. Nothing here imports Keras at import time,
so `--help` and `logs` answer at once and `--backend` can choose the backend."""
