"""Webhook fan-out: one event matching 1,000 subscriptions, 10% of whose receivers hang.

Times the path a subscriber cares about: from ingesting the item (tag, event, outbox rows in
one transaction) to the last healthy receiver acknowledging its signed delivery. The hanging
receivers hold their connection past the 15 s timeout; the others must not wait for them.

    .venv/bin/python bench/webhooks.py [--subscriptions 1000] [--hanging 0.1]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from riskwatch.alerts.signing import new_secret  # noqa: E402
from riskwatch.config import Settings  # noqa: E402
from riskwatch.services.alerting import Dispatcher  # noqa: E402
from riskwatch.services.ingesting import ingest_paths  # noqa: E402
from riskwatch.services.runtime import Runtime  # noqa: E402
from riskwatch.store.keys import create_key  # noqa: E402
from riskwatch.store.migrate import upgrade  # noqa: E402
from riskwatch.store.models import ApiKey, Subscription  # noqa: E402
from riskwatch.tagging import default_tagger  # noqa: E402


class Receiver(BaseHTTPRequestHandler):
    acknowledged = 0
    lock = threading.Lock()
    done = threading.Event()
    expected = 0
    release = threading.Event()

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("content-length", 0)))
        if self.path.startswith("/hang"):
            Receiver.release.wait(30)
            return
        self.send_response(204)
        self.end_headers()
        with Receiver.lock:
            Receiver.acknowledged += 1
            if Receiver.acknowledged == Receiver.expected:
                Receiver.done.set()

    def log_message(self, *_: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=1000)
    parser.add_argument("--hanging", type=float, default=0.1)
    args = parser.parse_args()
    # 1,000 endpoints behind one listener: give it the accept backlog they would have.
    ThreadingHTTPServer.request_queue_size = 1024
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    hanging = int(args.subscriptions * args.hanging)
    Receiver.expected = args.subscriptions - hanging
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        settings = Settings(database_url=f"sqlite:///{folder / 'bench.db'}",
                            feeds_file=folder / "feeds.yaml", webhook_allow_private=True)
        runtime = Runtime(settings)
        upgrade(runtime.database)
        default_tagger()
        now = datetime.now(UTC)
        with runtime.database.writing() as session:
            create_key(session, "bench", now)
            session.flush()
            owner = session.query(ApiKey).one().id
            paths = ["hang"] * hanging + ["ok"] * (args.subscriptions - hanging)
            random.Random(1).shuffle(paths)
            session.add_all(Subscription(
                id=f"sub_{n}", owner_key_id=owner, url=f"{base}/{path}/{n}", description="",
                filter={"apps": ["tiktok"]}, types=["event.created"], secret=new_secret(),
                enabled=True, created_at=now, updated_at=now) for n, path in enumerate(paths))
        feed = folder / "news.xml"
        feed.write_text(
            '<rss version="2.0"><channel><title>n</title><item><guid>1</guid>'
            "<title>US government bans TikTok nationwide as law takes effect</title>"
            f"<link>https://news.example.com/1</link><pubDate>{format_datetime(now)}</pubDate>"
            "</item></channel></rss>")
        dispatcher = Dispatcher(runtime)
        runtime.sandbox.parse(b"<rss version='2.0'><channel/></rss>", now=now)
        started = time.perf_counter()
        report = ingest_paths(runtime, [feed])
        queued = time.perf_counter()
        while not Receiver.done.is_set() and time.perf_counter() - started < 120:
            dispatcher.submit_due()
            Receiver.done.wait(0.05)
        finished = time.perf_counter()
        Receiver.release.set()
        dispatcher.close()
        runtime.close()
    server.shutdown()
    print(f"{args.subscriptions} subscriptions ({hanging} receivers hang past the "
          f"{settings.webhook_timeout:g} s timeout), {report.new_items} item ingested")
    print(f"ingest + outbox: {(queued - started) * 1000:.0f} ms")
    print(f"ingest to last healthy acknowledgement: {finished - started:.2f} s "
          f"({Receiver.acknowledged}/{Receiver.expected} acknowledged)   target <= 10 s")


if __name__ == "__main__":
    main()
