"""Local fakes of the services the archive notifies, served over real HTTP on 127.0.0.1.

A Receiver records every request it gets and answers through its `answer`
function (request -> Reply), which each test sets: a webhook receiver, the
Mastodon API, Save Page Now, or a hostile one (slow, redirecting, huge).
"""

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    method: str
    path: str
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)


@dataclass
class Reply:
    status: int = 200
    body: bytes = b"ok"
    headers: dict = field(default_factory=dict)


def json_reply(data, status=200):
    return Reply(status, json.dumps(data).encode(), {"Content-Type": "application/json"})


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _serve(self):
        length = int(self.headers.get("Content-Length") or 0)
        received = Received(self.command, self.path, dict(self.headers), self.rfile.read(length))
        receiver = self.server.receiver
        with receiver.lock:
            receiver.requests.append(received)
        receiver.arrived.set()
        reply = receiver.answer(received)
        try:
            self.send_response(reply.status)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timed out or was killed): what the test wants

    do_GET = do_POST = _serve


class Receiver:
    def __init__(self, answer=None):
        self.answer = answer or (lambda request: Reply())
        self.requests = []
        self.lock = threading.Lock()
        self.arrived = threading.Event()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.receiver = self
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path="/"):
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
