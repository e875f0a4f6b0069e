"""WSGI entry point for gunicorn: `gunicorn -w 4 wsgi:app`. Only builds the app."""

import gc

from riskwatch.api import create_app

app = create_app()
# Everything built so far lives as long as the worker: keep it out of the collector's sight,
# so full collections stay short and do not show up as latency spikes.
gc.freeze()
