"""ONVIF device emulator: one device per simulated camera, speaking SOAP 1.2 over HTTP.

Layout, pure core first:
- `soap`: parse a request envelope safely (no DTDs, no entities, bounded size), build replies
  and faults with the ONVIF prefixes (tds, trt, tptz, tt, ter).
- `wsse`, `http_auth`: WS-UsernameToken (digest or text) and HTTP Digest/Basic checks.
- `device`: what a device is (ids, addresses, profiles); `ptz`: presets and positions.
- `device_ops`, `media_ops`, `ptz_ops`: one function per operation, element in, element out.
- `dispatch`: request bytes to reply bytes (auth, routing, faults), no sockets.
- `discovery`: WS-Discovery Probe to ProbeMatches, pure; `responder`: its UDP thread.
- `snapshot`: a JPEG of what the camera shows now; `server`: the HTTP side (one port per camera).
- `emulator`: all of it as the simulator runs it (`OnvifEmulator(settings, simulator)`).

How to start it and what it answers: README.md beside this file.
"""
