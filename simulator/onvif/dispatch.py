"""A SOAP request's bytes to its reply's: parse, route, authenticate, answer. No sockets.

Routing: each service path answers the operations of its own namespace; anything else is
`ter:ActionNotSupported`. Authentication: every operation but the PRE_AUTH ones needs either a
valid WS-UsernameToken (not replayed) or a valid HTTP Authorization header; a refusal is a
`ter:NotAuthorized` fault with HTTP 401 and a Digest challenge, so HTTP-Digest-only clients
can retry, as they do with cameras.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from simulator.onvif import device_ops, http_auth, media_ops, ptz_ops, wsse
from simulator.onvif.device import DEVICE_PATH, MEDIA_PATH, PTZ_PATH, Context, Operation
from simulator.onvif.soap import (
    NS,
    MalformedRequest,
    Request,
    SoapFault,
    envelope,
    parse_request,
)

log = logging.getLogger(__name__)

SERVICES: dict[str, tuple[str, dict[str, Operation]]] = {
    DEVICE_PATH: (NS["tds"], device_ops.OPERATIONS),
    MEDIA_PATH: (NS["trt"], media_ops.OPERATIONS),
    PTZ_PATH: (NS["tptz"], ptz_ops.OPERATIONS),
}


class NotAuthorized(SoapFault):
    def __init__(self) -> None:
        super().__init__("s:Sender", ("ter:NotAuthorized",), "Sender not Authorized")


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


class Dispatcher:
    def __init__(self, credentials: wsse.Credentials) -> None:
        self._credentials = credentials
        self._replays = wsse.ReplayGuard()

    def handle(self, path: str, body: bytes, authorization: str | None, ctx: Context) -> Reply:
        """`path` must be one of SERVICES; `authorization` is the HTTP header, if any."""
        try:
            request = parse_request(body)
            operation = _route(path, request)
            if request.name not in device_ops.PRE_AUTH:
                self._authenticate(request, authorization, ctx)
            return Reply(200, envelope(operation(request.operation, ctx)))
        except MalformedRequest as error:
            return _fault(SoapFault("s:Sender", ("ter:WellFormed",), str(error)))
        except NotAuthorized as error:
            challenge = http_auth.challenge(ctx.now.timestamp())
            return Reply(401, error.to_xml(), {"WWW-Authenticate": challenge})
        except SoapFault as error:
            return _fault(error)

    def _authenticate(self, request: Request, authorization: str | None, ctx: Context) -> None:
        """Raises NotAuthorized; logs who was refused, never what password they sent."""
        token = wsse.find_token(request.header)
        if token is not None and wsse.is_valid(token, self._credentials, ctx.now):
            if self._replays.first_use(token, ctx.now):
                return
            log.info("%s: replayed token refused", ctx.device.camera_id)
            raise NotAuthorized
        now = ctx.now.timestamp()
        if http_auth.is_authorized(authorization, "POST", self._credentials, now):
            return
        user = token.username if token else "(no token)"
        log.info("%s: %s refused for user %r", ctx.device.camera_id, request.name, user)
        raise NotAuthorized


def _route(path: str, request: Request) -> Operation:
    namespace, operations = SERVICES[path]
    operation = operations.get(request.name) if request.namespace == namespace else None
    if operation is None:
        raise SoapFault(
            "s:Receiver",
            ("ter:ActionNotSupported",),
            f"{request.name} is not supported by {path}",
        )
    return operation


def _fault(error: SoapFault) -> Reply:
    return Reply(error.status, error.to_xml())
