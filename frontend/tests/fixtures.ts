import type { Alert, Camera } from "../src/api";
import type { LiveMessage } from "../src/live";

export function camera(over: Partial<Camera> = {}): Camera {
  return { id: "cam-1", name: "North gate", state: "online", failure: null, last_sample_at: "2026-11-25T20:00:00Z", alerts: [], ...over };
}

export function alert(over: Partial<Alert> = {}): Alert {
  return {
    id: 1,
    camera_id: "cam-1",
    camera_name: "North gate",
    check: "dark",
    raised_at: "2026-11-25T20:00:00Z",
    last_seen_at: "2026-11-25T20:00:00Z",
    cleared_at: null,
    acked_at: null,
    acked_by: null,
    score: 1,
    ...over,
  };
}

let seq = 0;
export function message(type: string, data: object, ts = "2026-11-25T20:05:00Z"): LiveMessage {
  seq += 1;
  return { seq, topic: type.split(".")[0] ?? "", type, data: data as Record<string, unknown>, ts };
}
