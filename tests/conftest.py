"""Shared test setup: one torch thread, as the app's compute process uses."""

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
