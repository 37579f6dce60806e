"""channel_credentials: gRPC credentials for a bearer token, a TLS CA and a client certificate."""

from __future__ import annotations

import os
from typing import Union

import grpc

# PEM bytes, or the path of a PEM file.
Pem = Union[bytes, str, os.PathLike]


def channel_credentials(*, token: str | None = None, tls_ca: Pem | None = None,
                        tls_cert: Pem | None = None,
                        tls_key: Pem | None = None) -> grpc.ChannelCredentials | None:
    """Credentials for `grpc.secure_channel`, or None for a plain insecure channel.

    With `tls_ca` (or a client certificate) the channel is TLS, trusting `tls_ca` (the
    system's roots when it is None); `tls_cert` and `tls_key` are the client certificate
    chain and key for mutual TLS. `token` is sent as "authorization: Bearer <token>" with
    every call. A token without TLS goes over gRPC's local credentials: plaintext, but only
    to a loopback address, which is where chanceryd accepts tokens without TLS.
    """
    if (tls_cert is None) != (tls_key is None):
        raise ValueError("tls_cert and tls_key go together")
    if tls_ca is not None or tls_cert is not None:
        channel = grpc.ssl_channel_credentials(root_certificates=_pem(tls_ca),
                                               private_key=_pem(tls_key),
                                               certificate_chain=_pem(tls_cert))
    elif token:
        channel = grpc.local_channel_credentials(grpc.LocalConnectionType.LOCAL_TCP)
    else:
        return None
    if not token:
        return channel
    return grpc.composite_channel_credentials(channel, grpc.access_token_call_credentials(token))


def _pem(value: Pem | None) -> bytes | None:
    if value is None or isinstance(value, bytes):
        return value
    with open(value, "rb") as file:
        return file.read()
