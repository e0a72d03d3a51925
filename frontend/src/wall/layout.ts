// Pure layout and status rules for the wall.

import type { Alert, Camera, WallInfo } from "../api";
import type { LinkFailure } from "../api/types";
import type { Translate } from "../i18n";

export interface WallStats {
  online: number;
  total: number;
  alerts: number;
  unacked: number;
}

export type TileState = "ok" | "alert" | "acked" | "offline" | "connecting";

/** The wall's rows x cols cells in reading order: a camera id, or null for an empty cell. */
export function layoutCells(wall: WallInfo): (string | null)[] {
  const count = Math.max(0, wall.rows) * Math.max(0, wall.cols);
  return Array.from({ length: count }, (_, i) => wall.cameras?.[i] ?? null);
}

/** An unacknowledged alert wins over an acknowledged one, which wins over the camera's own state. */
export function tileState(camera: Camera | undefined, alerts: readonly Alert[]): TileState {
  if (alerts.some((a) => a.acked_at === null)) return "alert";
  if (alerts.length) return "acked";
  if (!camera || camera.state === "offline" || camera.state === "error") return "offline";
  if (camera.state === "online" || camera.state === "degraded") return "ok";
  return "connecting";
}

/** Header counts for the cameras placed on the wall. */
export function wallStats(cells: (string | null)[], cameras: Record<string, Camera>, byCamera: Map<string, Alert[]>): WallStats {
  const onWall = cells.filter((c): c is string => c !== null);
  const alerts = onWall.flatMap((c) => byCamera.get(c) ?? []);
  return {
    online: onWall.filter((c) => cameras[c]?.state === "online" || cameras[c]?.state === "degraded").length,
    total: onWall.length,
    alerts: alerts.length,
    unacked: alerts.filter((a) => a.acked_at === null).length,
  };
}

const FAILURES: ReadonlySet<string> = new Set<LinkFailure>([
  "auth", "not_found", "unsupported_codec", "timeout", "refused", "unreachable", "ended", "other",
]);

/** Why a camera has no link, in words: a known failure from the catalogue, else its id. */
function failureText(failure: string, t: Translate): string {
  return FAILURES.has(failure) ? t(`failure.${failure as LinkFailure}`) : failure.replace(/_/g, " ");
}

/** What the operator reads on a tile without picture: the state and, when known, why. */
export function noSignalDetail(camera: Camera | undefined, t: Translate): string {
  if (!camera) return t("tile.notConfigured");
  const why = camera.failure ? failureText(camera.failure, t) : null;
  if (camera.state === "error") return t("tile.error", { why: why ?? t("tile.needsAttention") });
  if (camera.state === "offline") return why ? t("tile.offlineWhy", { why }) : t("tile.offline");
  if (camera.state === "online" || camera.state === "degraded") return t("tile.noSnapshot");
  return t("tile.connecting");
}
