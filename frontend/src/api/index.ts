// Typed REST calls to the backend. Every error becomes an ApiError whose `detail` is fit to show.

/** A REST call that has not answered in this time is treated as failed (the live feed retries). */
export const REQUEST_TIMEOUT_MS = 10_000;

export type { Alert, Camera, CameraState, Region, Severity, WallInfo } from "./types";
import type { Translate } from "../i18n";
import type { Alert, Camera, WallInfo } from "./types";

/** Why a call got no answer at all (status 0): shown from the catalogue, not from `detail`. */
export type NoAnswer = "timeout" | "unreachable";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly noAnswer: NoAnswer | null = null,
  ) {
    super(detail);
    this.name = "ApiError";
  }
}

/** What to show for a failed call: the server's words, ours when it did not answer, or the thrown error's. */
export function errorText(err: unknown, t: Translate): string {
  if (!(err instanceof ApiError)) return String(err);
  if (err.noAnswer) return t(err.noAnswer === "timeout" ? "error.timeout" : "error.unreachable");
  return err.detail;
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
    const reason: NoAnswer = err instanceof Error && err.name === "TimeoutError" ? "timeout" : "unreachable";
    throw new ApiError(0, reason === "timeout" ? "Server timed out" : "Server unreachable", reason);
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
