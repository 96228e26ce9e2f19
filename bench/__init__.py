"""Measuring Outreach: a realistic large dataset and a benchmark of the public pages.

    manage.py seed_scale --notes 100000 [--seed 1]   # the dataset (bench/dataset.py)
    make bench                                       # wrk against gunicorn (bench/run.py)

A Django app only for its management command; it has no models.
"""

# Raised when what seed_scale makes changes: a bench database seeded before is then rebuilt.
DATASET_VERSION = 2
