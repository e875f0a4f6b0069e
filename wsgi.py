"""WSGI entry point for gunicorn: `gunicorn -w 4 wsgi:app`. Only builds the app."""

from riskwatch.api import create_app

app = create_app()
