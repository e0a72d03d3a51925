// Pure layout and status rules for the wall.

import type { Alert, Camera, WallInfo } from "../api";

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
  return Array.from({ length: count }, (_, i) => wall.cameras[i] ?? null);
}

/** An unacknowledged alert wins over an acknowledged one, which wins over the camera's own state. */
export function tileState(camera: Camera | undefined, alerts: readonly Alert[]): TileState {
  if (alerts.some((a) => a.acked_at === null)) return "alert";
  if (alerts.length) return "acked";
  if (!camera || camera.state === "offline") return "offline";
  if (camera.state === "online") return "ok";
  return "connecting";
}

/** Header counts for the cameras placed on the wall. */
export function wallStats(cells: (string | null)[], cameras: Record<string, Camera>, byCamera: Map<string, Alert[]>): WallStats {
  const onWall = cells.filter((c): c is string => c !== null);
  const alerts = onWall.flatMap((c) => byCamera.get(c) ?? []);
  return {
    online: onWall.filter((c) => cameras[c]?.state === "online").length,
    total: onWall.length,
    alerts: alerts.length,
    unacked: alerts.filter((a) => a.acked_at === null).length,
  };
}
