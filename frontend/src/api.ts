// Typed REST calls to the backend. Every error becomes an ApiError whose `detail` is fit to show.

/** A REST call that has not answered in this time is treated as failed (the live feed retries). */
export const REQUEST_TIMEOUT_MS = 10_000;

export type CameraState = "connecting" | "online" | "degraded" | "offline" | "error";

export interface Camera {
  id: string;
  name: string;
  /** Known values are CameraState; others may come later and are shown as "connecting". */
  state: CameraState | (string & {});
  /** Why it is offline or in error: auth, not_found, unsupported_codec, timeout, refused, ... */
  failure: string | null;
  last_sample_at: string | null;
  alerts: string[];
}

export interface WallInfo {
  id: string;
  name: string;
  rows: number;
  cols: number;
  cameras: string[];
}

export type Severity = "critical" | "major" | "minor";

/** [x, y, width, height] as shares 0..1 of the frame, origin top left. */
export type Region = readonly [number, number, number, number];

export interface Alert {
  id: number;
  /** "sensor": raised by a sensor rule, and camera_id / camera_name are the sensor's. Missing: a camera. */
  subject?: "camera" | "sensor" | (string & {});
  camera_id: string;
  camera_name: string;
  /** signal_loss, dark, frozen, blur, overexposed, covered, color_cast, noise, scene_change; sensor_high,
   * sensor_low, sensor_rate, sensor_stale for a sensor; more may come. */
  check: string;
  raised_at: string;
  last_seen_at: string;
  cleared_at: string | null;
  acked_at: string | null;
  acked_by: string | null;
  score: number;
  /** Missing in messages from older backends; unknown values are shown like a missing one. */
  severity?: Severity | (string & {}) | null;
  /** The part of the frame the fault is in (e.g. the covered part of the lens); null or missing: none. */
  region?: Region | null;
  /** When true, `evidenceUrl(id)` is the frame that raised the alert. */
  has_evidence?: boolean;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(detail);
    this.name = "ApiError";
  }
}

/** What to show for a failed call: the server's words, or the thrown error's. */
export function errorText(err: unknown): string {
  return err instanceof ApiError ? err.detail : String(err);
}

/** FastAPI sends `{"detail": "..."}`, or a list of `{msg}` for validation errors. */
function detailOf(body: unknown, status: number): string {
  const detail = (body as { detail?: unknown } | null)?.detail;
  if (typeof detail === "string" && detail) return detail;
  if (Array.isArray(detail)) {
    const msgs = detail.map((d) => (d as { msg?: unknown })?.msg).filter((m) => typeof m === "string");
    if (msgs.length) return msgs.join("; ");
  }
  return `HTTP ${status}`;
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called whenever a call answers 401 (not logged in, or the login expired or was revoked). */
export function onUnauthorized(listener: Listener): () => void {
  unauthorizedListeners.add(listener);
  return () => void unauthorizedListeners.delete(listener);
}

export interface RequestOptions extends RequestInit {
  /** A 401 here is an answer, not a lost login (e.g. a wrong password): listeners are not told. */
  expect401?: boolean;
}

export async function request<T>(path: string, { expect401 = false, ...init }: RequestOptions = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      ...init,
      headers: { Accept: "application/json", ...init.headers },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (err) {
    const reason = err instanceof Error && err.name === "TimeoutError" ? "timed out" : "unreachable";
    throw new ApiError(0, `Server ${reason}`);
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    if (res.status === 401 && !expect401) unauthorizedListeners.forEach((listener) => listener());
    throw new ApiError(res.status, detailOf(body, res.status));
  }
  return body as T;
}

const seg = encodeURIComponent;

/** The wall's layout, or null when the backend does not know this wall (404). */
export async function getWall(id: string): Promise<WallInfo | null> {
  try {
    return await request<WallInfo>(`/api/walls/${seg(id)}`);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null;
    throw err;
  }
}

export function getCameras(): Promise<Camera[]> {
  return request<Camera[]>("/api/cameras");
}

export function getActiveAlerts(): Promise<Alert[]> {
  return request<Alert[]>("/api/alerts?active=true");
}

/** Acknowledged in the logged-in user's name (the server records who). */
export function ackAlert(id: number): Promise<Alert> {
  return request<Alert>(`/api/alerts/${id}/ack`, { method: "POST" });
}

/** The snapshot URL; `t` changes with every new sample so the browser cache never serves an old one. */
export function snapshotUrl(cameraId: string, sampleAt: string): string {
  return `/api/cameras/${seg(cameraId)}/snapshot.jpg?t=${encodeURIComponent(sampleAt)}`;
}

/** The frame that raised an alert (only when the alert's `has_evidence` is true). */
export function evidenceUrl(alertId: number): string {
  return `/api/alerts/${alertId}/evidence.jpg`;
}
