// Where an alert's region (shares 0..1 of the camera frame) is drawn over a tile's snapshot.

import type { Alert, Region } from "../api";

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The region in the frame's own pixels (`frameW` x `frameH`), clipped to the frame; null when it
 * is missing, malformed (not 4 finite numbers) or empty once clipped.
 */
export function regionRect(region: Region | null | undefined, frameW: number, frameH: number): Rect | null {
  if (!Array.isArray(region) || region.length !== 4) return null;
  if (!region.every((n) => typeof n === "number" && Number.isFinite(n))) return null;
  if (!(frameW > 0 && frameH > 0)) return null;
  const [x, y, w, h] = region;
  const left = clamp01(Math.min(x, x + w));
  const right = clamp01(Math.max(x, x + w));
  const top = clamp01(Math.min(y, y + h));
  const bottom = clamp01(Math.max(y, y + h));
  if (right <= left || bottom <= top) return null;
  return { x: left * frameW, y: top * frameH, width: (right - left) * frameW, height: (bottom - top) * frameH };
}

/**
 * Where an image of `imageW` x `imageH` is drawn inside a `boxW` x `boxH` box with
 * `object-fit: contain` (centred, scaled to fit, aspect kept). The tile draws its region boxes in
 * an SVG whose viewBox is the image size with `preserveAspectRatio="xMidYMid meet"`, which is the
 * same placement; this function states that rule so it can be tested.
 */
export function containRect(boxW: number, boxH: number, imageW: number, imageH: number): Rect {
  if (!(boxW > 0 && boxH > 0 && imageW > 0 && imageH > 0)) return { x: 0, y: 0, width: 0, height: 0 };
  const scale = Math.min(boxW / imageW, boxH / imageH);
  const width = imageW * scale;
  const height = imageH * scale;
  return { x: (boxW - width) / 2, y: (boxH - height) / 2, width, height };
}

/** A region's rectangle in box pixels, for a snapshot shown with `object-fit: contain` in the box. */
export function regionInBox(region: Region | null | undefined, boxW: number, boxH: number, imageW: number, imageH: number): Rect | null {
  const content = containRect(boxW, boxH, imageW, imageH);
  const r = regionRect(region, content.width, content.height);
  return r && { ...r, x: content.x + r.x, y: content.y + r.y };
}

export interface RegionBox {
  alertId: number;
  acked: boolean;
  rect: Rect;
}

/** The boxes to draw for a camera's active alerts, in frame pixels; alerts without a usable region are skipped. */
export function regionBoxes(alerts: readonly Alert[], frameW: number, frameH: number): RegionBox[] {
  const boxes: RegionBox[] = [];
  for (const alert of alerts) {
    if (alert.cleared_at) continue;
    const rect = regionRect(alert.region, frameW, frameH);
    if (rect) boxes.push({ alertId: alert.id, acked: alert.acked_at !== null, rect });
  }
  return boxes;
}

function clamp01(n: number): number {
  return Math.min(1, Math.max(0, n));
}
