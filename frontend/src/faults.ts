// How faults (alert checks) are named and ordered on screen.

import type { Alert, Severity } from "./api";
import { isoMs } from "./time";

/** Labels that differ from the check's name, or that must not change if the name's form does. */
const FAULT_LABELS: Readonly<Record<string, string>> = {
  signal_loss: "SIGNAL LOSS",
  dark: "DARK",
  frozen: "FROZEN",
  blur: "BLUR",
  overexposed: "OVEREXPOSED",
  covered: "COVERED",
  color_cast: "COLOUR CAST",
  noise: "NOISE",
  scene_change: "TURNED AWAY",
  sensor_high: "ABOVE LIMIT",
  sensor_low: "BELOW LIMIT",
  sensor_rate: "CHANGING FAST",
  sensor_stale: "NO READINGS",
};

/** Whether a sensor raised the alert (then its camera_id and camera_name are the sensor's). */
export function isSensorAlert(alert: Pick<Alert, "subject" | "check">): boolean {
  return alert.subject === "sensor" || (alert.subject === undefined && alert.check.startsWith("sensor_"));
}

/** What raised the alert, as shown beside its id: "CAMERA" or "SENSOR". */
export function sourceLabel(alert: Pick<Alert, "subject" | "check">): string {
  return isSensorAlert(alert) ? "SENSOR" : "CAMERA";
}

/** "covered" -> "COVERED", "scene_change" -> "TURNED AWAY"; checks added later: "new_check" -> "NEW CHECK". */
export function faultLabel(check: string): string {
  if (Object.hasOwn(FAULT_LABELS, check)) return FAULT_LABELS[check]!;
  return check.replace(/_+/g, " ").trim().toUpperCase() || "UNKNOWN";
}

const SEVERITIES: readonly string[] = ["critical", "major", "minor"] satisfies Severity[];

/** The alert's severity, or null when it has none (older backend) or one this page does not know. */
export function severityOf(alert: Pick<Alert, "severity">): Severity | null {
  const s = alert.severity;
  return typeof s === "string" && SEVERITIES.includes(s) ? (s as Severity) : null;
}

/** Active camera alerts grouped by camera id, unacknowledged first, then oldest raised first.
 * Sensor alerts are left out: they belong to no tile. */
export function alertsByCamera(alerts: Iterable<Alert>): Map<string, Alert[]> {
  const byCamera = new Map<string, Alert[]>();
  for (const alert of alerts) {
    if (isSensorAlert(alert)) continue;
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
