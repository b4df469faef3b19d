"""Shared by the kill -9 tests' killer scripts (tests/trace/io/test_restore_wizard.py, test_best_model_saver.py),
which fork trainings and SIGKILL them."""
import os
import sys
import time


def wait_for(condition, pid, seconds):
    """Polls `condition()` until it holds (True) or `seconds` pass (False); exits the killer script when the forked
    training process `pid` ended before it could be killed (the test would then check nothing)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if os.waitpid(pid, os.WNOHANG)[0]:
            sys.exit("the training process ended before it was killed")
        if time.monotonic() > deadline:
            return False
    return True
