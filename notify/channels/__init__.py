"""The ways a delivery leaves: each send(delivery) returns Sent or raises DeliveryError."""

from dataclasses import dataclass
from datetime import datetime


class DeliveryError(Exception):
    """A delivery that did not arrive; str() is the message the delivery log shows.

    `restart`: a remote job the delivery was polling is abandoned, and the
    next attempt starts over.
    """

    def __init__(self, message, status=None, response="", restart=False):
        super().__init__(message)
        self.status = status
        self.response = response
        self.restart = restart


@dataclass
class Sent:
    """A delivery that arrived (status 2xx), or a remote job still running (`job_id`)."""

    status: int | None = None
    response: str = ""
    snapshot_url: str = ""
    job_id: str = ""
    poll_at: datetime | None = None
