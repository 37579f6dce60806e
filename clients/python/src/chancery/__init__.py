"""Python client of Chancery's gRPC API (chancery.v1).

`Client` is the entry point; the generated messages and stubs are in `chancery.v1`.
"""

from chancery.client import Client
from chancery.errors import ChanceryError
from chancery.resuming_stream import Backoff, ResumingStream
from chancery.security import channel_credentials

__all__ = ["Backoff", "ChanceryError", "Client", "ResumingStream", "channel_credentials"]
