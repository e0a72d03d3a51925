// The API's types, derived from the generated schema.d.ts (`npm run api:types`), never written by
// hand. The page is lenient where a newer or older server may differ from the spec it was built
// against: enums stay open (an unknown check or state is shown, not refused), and fields an older
// backend did not send are optional. `Accepts` below proves every answer of the spec fits.

import type { components, paths } from "./schema";

type Schemas = components["schemas"];

type Json<R> = R extends { content: { "application/json": infer T } } ? T : never;

/** The JSON body of a path's success answer (200, or 201 for a creation). */
export type Ok<P extends keyof paths, M extends "get" | "post"> = paths[P][M] extends { responses: infer R }
  ? R extends { 200: infer A }
    ? Json<A>
    : R extends { 201: infer A }
      ? Json<A>
      : never
  : never;

/** A closed enum of the spec, open to values a newer server may send. */
export type Open<T extends string> = T | (string & {});

export type CameraState = Schemas["ConnectionState"];
export type LinkFailure = Schemas["LinkFailure"];
export type Severity = Schemas["Severity"];
export type CheckName = Schemas["CheckName"] | Schemas["SensorCheck"];
export type Role = Schemas["Role"];

/** A camera as in `GET /api/cameras`, and in `camera.status` messages (which may lack `reason`). */
export type Camera = Omit<Schemas["CameraPublic"], "state" | "failure" | "reason"> & {
  /** Unknown states are shown as "connecting". */
  state: Open<CameraState>;
  /** Why it is offline or in error. */
  failure: Open<LinkFailure> | null;
  reason?: Schemas["CameraPublic"]["reason"];
};

/** [x, y, width, height] as shares 0..1 of the frame, origin top left. */
export type Region = NonNullable<Schemas["AlertPublic"]["region"]>;

/** An alert as in `GET /api/alerts`; older backends sent no subject, severity, region or evidence. */
export type Alert = Omit<Schemas["AlertPublic"], "check" | "subject" | "severity" | "region" | "has_evidence"> & {
  check: Open<CheckName>;
  /** "sensor": camera_id / camera_name are the sensor's. Missing: a camera. */
  subject?: Open<Schemas["AlertPublic"]["subject"]>;
  /** Unknown values are shown like a missing one. */
  severity?: Open<Severity> | null;
  /** The part of the frame the fault is in; null or missing: none. */
  region?: Region | null;
  /** When true, `evidenceUrl(id)` is the frame that raised the alert. */
  has_evidence?: boolean;
};

export type WallInfo = Ok<"/api/walls/{wall_id}", "get">;
export type Me = Omit<Ok<"/api/auth/me", "get">, "role"> & { role: Open<Role> };
export type PairingStarted = Ok<"/api/walls/pairings", "post">;
export type PairingClaim = Ok<"/api/walls/pairings/claim", "post">;

/** Compile-time proof that the lenient types accept what the spec says the server sends. */
type Accepts<Lenient, Wire extends Lenient> = Wire;
export type SpecFits = [
  Accepts<Camera, Ok<"/api/cameras", "get">[number]>,
  Accepts<Alert, Ok<"/api/alerts", "get">[number]>,
  Accepts<Alert, Ok<"/api/alerts/{alert_id}/ack", "post">>,
  Accepts<Me, Ok<"/api/auth/me", "get">>,
];
