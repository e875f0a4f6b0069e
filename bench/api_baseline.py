"""The floor of the throughput bench: a bare Flask app answering one constant JSON body.

Served by the same gunicorn as riskwatch, it measures what the server and Flask cost alone.
"""

from __future__ import annotations

from flask import Flask

app = Flask(__name__)


@app.get("/constant")
def constant() -> dict[str, str]:
    return {"status": "ok"}
