#!/usr/bin/env bash
# Runs the test suite (and the docstring examples) once per Keras backend; fails if any backend fails.
# Extra arguments go to pytest, e.g. `bash tests/all_backends.sh -x -k network`.
set -u
cd "$(dirname "$0")/.."
status=0
for backend in tensorflow jax torch; do
  echo "=== KERAS_BACKEND=$backend"
  KERAS_BACKEND=$backend TF_CPP_MIN_LOG_LEVEL=3 python -m pytest -q -p no:cacheprovider "$@" tests \
    --doctest-modules kerasfe || status=1
done
exit $status
