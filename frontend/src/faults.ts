// How faults (alert checks) are named and ordered on screen.

import type { Alert } from "./api";
import { isoMs } from "./time";

/** "signal_loss" -> "SIGNAL LOSS"; checks added later on the backend get a label the same way. */
export function faultLabel(check: string): string {
  return check.replace(/_+/g, " ").trim().toUpperCase() || "UNKNOWN";
}

/** Active alerts grouped by camera id, unacknowledged first, then oldest raised first. */
export function alertsByCamera(alerts: Iterable<Alert>): Map<string, Alert[]> {
  const byCamera = new Map<string, Alert[]>();
  for (const alert of alerts) {
    const list = byCamera.get(alert.camera_id) ?? [];
    list.push(alert);
    byCamera.set(alert.camera_id, list);
  }
  for (const list of byCamera.values()) list.sort(badgeOrder);
  return byCamera;
}

function badgeOrder(a: Alert, b: Alert): number {
  return Number(a.acked_at !== null) - Number(b.acked_at !== null) || isoMs(a.raised_at) - isoMs(b.raised_at) || a.id - b.id;
}

/** Console order: newest raised first. */
export function newestAlertFirst(a: Alert, b: Alert): number {
  return isoMs(b.raised_at) - isoMs(a.raised_at) || b.id - a.id;
}
