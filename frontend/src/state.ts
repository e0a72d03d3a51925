// The client's picture of cameras and active alerts: a pure reducer over REST snapshots and live
// messages. Every update is an idempotent upsert keyed by id, and alert facts only move forward
// (acked stays acked, cleared stays cleared), so replaying a message twice or late does no harm.

import type { Alert, Camera, Region, WallInfo } from "./api";
import type { LiveMessage } from "./live";
import { isoMs } from "./time";

/** The ticker keeps this many events; a wall shows the first few. */
export const TICKER_MAX = 50;
/** Remember this many cleared alert ids so a late `alert.raised` cannot bring one back. */
export const CLEARED_MEMORY = 1000;

export type WallResult = { kind: "found"; wall: WallInfo } | { kind: "unknown" };

export interface Snapshot {
  cameras: Camera[];
  alerts: Alert[];
  wall?: WallResult;
}

export type TickerKind = "raised" | "acked" | "cleared";

export interface TickerEntry {
  key: string;
  kind: TickerKind;
  at: string;
  alertId: number;
  cameraId: string;
  cameraName: string;
  check: string;
  by: string | null;
}

export interface LiveState {
  cameras: Record<string, Camera>;
  alerts: Record<number, Alert>;
  cleared: number[];
  ticker: TickerEntry[];
  wall: WallResult | null;
  synced: boolean;
}

export type Action =
  | { kind: "snapshot"; snapshot: Snapshot }
  | { kind: "messages"; messages: LiveMessage[] }
  | { kind: "alert"; alert: Alert };

export const initialState: LiveState = {
  cameras: {},
  alerts: {},
  cleared: [],
  ticker: [],
  wall: null,
  synced: false,
};

export function reduce(state: LiveState, action: Action): LiveState {
  switch (action.kind) {
    case "snapshot":
      return applySnapshot(state, action.snapshot);
    case "alert":
      return upsertAlert(state, action.alert);
    case "messages":
      return action.messages.reduce(applyMessage, state);
  }
}

function applySnapshot(state: LiveState, snap: Snapshot): LiveState {
  const cameras: Record<string, Camera> = {};
  for (const cam of snap.cameras) cameras[cam.id] = cam;
  const alerts: Record<number, Alert> = {};
  let ticker = state.ticker;
  for (const incoming of snap.alerts) {
    if (incoming.cleared_at) continue;
    const alert = mergeAlert(state.alerts[incoming.id], incoming);
    alerts[alert.id] = alert;
    ticker = addAlertEvents(ticker, alert);
  }
  // Active before and missing now: cleared while we were away.
  const gone = Object.values(state.alerts).filter((a) => !(a.id in alerts)).map((a) => a.id);
  return {
    ...state,
    cameras,
    alerts,
    cleared: remember(state.cleared, gone),
    ticker,
    wall: snap.wall ?? state.wall,
    synced: true,
  };
}

function applyMessage(state: LiveState, msg: LiveMessage): LiveState {
  const data = msg.data;
  switch (msg.type) {
    case "camera.status": {
      const camera = toCamera(data);
      return camera ? upsertCamera(state, camera) : state;
    }
    case "camera.sample":
      return typeof data.camera_id === "string" && typeof data.ts === "string"
        ? recordSample(state, data.camera_id, data.ts)
        : state;
    case "alert.raised":
    case "alert.updated": {
      const alert = toAlert(data);
      return alert ? upsertAlert(state, alert) : state;
    }
    case "alert.cleared": {
      const alert = toAlert(data);
      return alert ? clearAlert(state, { ...alert, cleared_at: alert.cleared_at ?? (msg.ts || null) }) : state;
    }
    default:
      return state; // hello, resync (handled by sync.ts) and types from newer servers
  }
}

function upsertCamera(state: LiveState, incoming: Camera): LiveState {
  const prev = state.cameras[incoming.id];
  const camera = { ...incoming, last_sample_at: laterIso(prev?.last_sample_at ?? null, incoming.last_sample_at) };
  return { ...state, cameras: { ...state.cameras, [camera.id]: camera } };
}

function recordSample(state: LiveState, cameraId: string, ts: string): LiveState {
  const prev = state.cameras[cameraId];
  if (!prev) return state; // unknown camera: the next REST sync brings it
  const last = laterIso(prev.last_sample_at, ts);
  if (last === prev.last_sample_at) return state;
  return { ...state, cameras: { ...state.cameras, [cameraId]: { ...prev, last_sample_at: last } } };
}

export function upsertAlert(state: LiveState, incoming: Alert): LiveState {
  if (incoming.cleared_at) return clearAlert(state, incoming);
  if (state.cleared.includes(incoming.id)) return state;
  const alert = mergeAlert(state.alerts[incoming.id], incoming);
  return {
    ...state,
    alerts: { ...state.alerts, [alert.id]: alert },
    ticker: addAlertEvents(state.ticker, alert),
  };
}

function clearAlert(state: LiveState, incoming: Alert): LiveState {
  const alert = mergeAlert(state.alerts[incoming.id], incoming);
  const { [alert.id]: _removed, ...alerts } = state.alerts;
  return {
    ...state,
    alerts,
    cleared: remember(state.cleared, [alert.id]),
    ticker: addAlertEvents(state.ticker, alert),
  };
}

/** Combine two views of one alert so that the result never moves backwards. */
export function mergeAlert(prev: Alert | undefined, next: Alert): Alert {
  if (!prev) return next;
  const newer = isoMs(next.last_seen_at) >= isoMs(prev.last_seen_at) ? next : prev;
  return {
    ...next,
    last_seen_at: newer.last_seen_at,
    score: newer.score,
    acked_at: next.acked_at ?? prev.acked_at,
    acked_by: next.acked_by ?? prev.acked_by,
    cleared_at: next.cleared_at ?? prev.cleared_at,
    // A message from an older backend lacks these: keep what a newer one said.
    severity: next.severity ?? prev.severity,
    subject: next.subject ?? prev.subject,
    region: next.region !== undefined ? next.region : prev.region,
    has_evidence: next.has_evidence ?? prev.has_evidence,
  };
}

/** The ticker events an alert's current facts imply; keys make re-adding them a no-op. */
function addAlertEvents(ticker: TickerEntry[], alert: Alert): TickerEntry[] {
  const facts: [TickerKind, string | null][] = [
    ["raised", alert.raised_at],
    ["acked", alert.acked_at],
    ["cleared", alert.cleared_at],
  ];
  const known = new Set(ticker.map((e) => e.key));
  const added: TickerEntry[] = [];
  for (const [kind, at] of facts) {
    const key = `${alert.id}:${kind}`;
    if (at && !known.has(key)) added.push(tickerEntry(key, kind, at, alert));
  }
  if (!added.length) return ticker;
  return [...ticker, ...added].sort(newestFirst).slice(0, TICKER_MAX);
}

function tickerEntry(key: string, kind: TickerKind, at: string, alert: Alert): TickerEntry {
  return {
    key,
    kind,
    at,
    alertId: alert.id,
    cameraId: alert.camera_id,
    cameraName: alert.camera_name,
    check: alert.check,
    by: kind === "acked" ? alert.acked_by : null,
  };
}

const KIND_ORDER: Record<TickerKind, number> = { raised: 0, acked: 1, cleared: 2 };

function newestFirst(a: TickerEntry, b: TickerEntry): number {
  return isoMs(b.at) - isoMs(a.at) || KIND_ORDER[b.kind] - KIND_ORDER[a.kind] || b.alertId - a.alertId;
}

function remember(cleared: number[], ids: number[]): number[] {
  if (!ids.length) return cleared;
  const fresh = ids.filter((id) => !cleared.includes(id));
  return [...cleared, ...fresh].slice(-CLEARED_MEMORY);
}

function laterIso(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return isoMs(b) >= isoMs(a) ? b : a;
}

/** A camera from a message's data, defaults filled in; null if it lacks an id or state. */
function toCamera(d: Record<string, unknown>): Camera | null {
  if (typeof d.id !== "string" || typeof d.state !== "string") return null;
  return {
    id: d.id,
    name: typeof d.name === "string" ? d.name : d.id,
    state: d.state,
    failure: typeof d.failure === "string" ? d.failure : null,
    last_sample_at: typeof d.last_sample_at === "string" ? d.last_sample_at : null,
    alerts: Array.isArray(d.alerts) ? d.alerts.filter((a): a is string => typeof a === "string") : [],
  };
}

/** An alert from a message's data, defaults filled in; null if it lacks an id, camera or check. */
function toAlert(d: Record<string, unknown>): Alert | null {
  if (typeof d.id !== "number" || typeof d.camera_id !== "string" || typeof d.check !== "string") return null;
  const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
  const raised = str(d.raised_at) ?? str(d.last_seen_at) ?? "";
  return {
    id: d.id,
    subject: typeof d.subject === "string" ? d.subject : undefined,
    camera_id: d.camera_id,
    camera_name: str(d.camera_name) ?? d.camera_id,
    check: d.check,
    raised_at: raised,
    last_seen_at: str(d.last_seen_at) ?? raised,
    cleared_at: str(d.cleared_at),
    acked_at: str(d.acked_at),
    acked_by: str(d.acked_by),
    score: typeof d.score === "number" ? d.score : 0,
    severity: typeof d.severity === "string" ? d.severity : undefined,
    region: d.region === null ? null : (toRegion(d.region) ?? undefined),
    has_evidence: typeof d.has_evidence === "boolean" ? d.has_evidence : undefined,
  };
}

/** A region as sent ([x, y, w, h], finite numbers), or null if it is anything else. */
function toRegion(v: unknown): Region | null {
  if (!Array.isArray(v) || v.length !== 4 || !v.every((n) => typeof n === "number" && Number.isFinite(n))) return null;
  return [v[0], v[1], v[2], v[3]];
}
