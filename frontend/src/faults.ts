// How faults (alert checks) are named and ordered on screen.

import type { Alert, Severity } from "./api";
import type { CheckName } from "./api/types";
import type { I18n, MessageKey } from "./i18n";
import { isoMs } from "./time";

/** The checks the catalogue names (fault.<check>); others are named from their id. */
const KNOWN_CHECKS: ReadonlySet<string> = new Set([
  "signal_loss", "dark", "frozen", "blur", "overexposed", "covered", "color_cast", "noise", "scene_change",
  "sensor_high", "sensor_low", "sensor_rate", "sensor_stale",
] satisfies CheckName[]);

/** Whether a sensor raised the alert (then its camera_id and camera_name are the sensor's). */
export function isSensorAlert(alert: Pick<Alert, "subject" | "check">): boolean {
  return alert.subject === "sensor" || (alert.subject === undefined && alert.check.startsWith("sensor_"));
}

/** What raised the alert, as shown beside its id: 摄像机 / CAMERA or 传感器 / SENSOR. */
export function sourceLabel(alert: Pick<Alert, "subject" | "check">, { t }: Pick<I18n, "t">): string {
  return isSensorAlert(alert) ? t("source.sensor") : t("source.camera");
}

/** "covered" -> 镜头遮挡 / COVERED; checks added later: "new_check" -> 其他故障(new check) / NEW CHECK. */
export function faultLabel(check: string, { t, locale }: Pick<I18n, "t" | "locale">): string {
  if (KNOWN_CHECKS.has(check)) return t(`fault.${check}` as MessageKey & `fault.${CheckName}`);
  const name = check.replace(/_+/g, " ").trim();
  if (!name) return t("fault.unknown");
  return t("fault.other", { name: locale === "en" ? name.toUpperCase() : name });
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
