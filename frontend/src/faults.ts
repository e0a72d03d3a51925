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
};

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
