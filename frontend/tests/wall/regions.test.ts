import { describe, expect, it } from "vitest";
import type { Region } from "../../src/api";
import { containRect, regionBoxes, regionInBox, regionRect } from "../../src/wall/regions";
import { alert } from "../fixtures";

describe("regionRect", () => {
  it("scales shares of the frame to frame pixels", () => {
    expect(regionRect([0.25, 0.5, 0.5, 0.25], 640, 480)).toEqual({ x: 160, y: 240, width: 320, height: 120 });
    expect(regionRect([0, 0, 1, 1], 1920, 1080)).toEqual({ x: 0, y: 0, width: 1920, height: 1080 });
  });

  it("clips a region reaching outside the frame", () => {
    expect(regionRect([-0.25, 0.75, 0.5, 0.5], 100, 100)).toEqual({ x: 0, y: 75, width: 25, height: 25 });
  });

  it("is null for a missing, malformed or empty region", () => {
    expect(regionRect(null, 100, 100)).toBeNull();
    expect(regionRect(undefined, 100, 100)).toBeNull();
    expect(regionRect([0.1, 0.1, 0.2] as unknown as Region, 100, 100)).toBeNull();
    expect(regionRect([0.1, Number.NaN, 0.2, 0.2], 100, 100)).toBeNull();
    expect(regionRect(["0.1", 0, 1, 1] as unknown as Region, 100, 100)).toBeNull();
    expect(regionRect([0.5, 0.5, 0, 0.2], 100, 100)).toBeNull();
    expect(regionRect([1.2, 0, 0.5, 0.5], 100, 100)).toBeNull();
    expect(regionRect([0, 0, 1, 1], 0, 0)).toBeNull();
  });
});

describe("containRect (object-fit: contain)", () => {
  it("letterboxes a wide image in a tall box", () => {
    expect(containRect(400, 400, 1600, 900)).toEqual({ x: 0, y: 87.5, width: 400, height: 225 });
  });

  it("pillarboxes a 4:3 image in a 16:9 box", () => {
    expect(containRect(1600, 900, 640, 480)).toEqual({ x: 200, y: 0, width: 1200, height: 900 });
  });

  it("fills a box of the same aspect", () => {
    expect(containRect(320, 180, 1920, 1080)).toEqual({ x: 0, y: 0, width: 320, height: 180 });
  });
});

describe("regionInBox", () => {
  it("places the region on the rendered picture, not the whole tile", () => {
    // 4:3 frame in a 16:9 tile: picture at x 200..1400; the right half of the frame is x 800..1400.
    expect(regionInBox([0.5, 0, 0.5, 1], 1600, 900, 640, 480)).toEqual({ x: 800, y: 0, width: 600, height: 900 });
    // 16:9 frame in a square tile: picture at y 87.5..312.5.
    expect(regionInBox([0, 0.5, 1, 0.5], 400, 400, 1600, 900)).toEqual({ x: 0, y: 200, width: 400, height: 112.5 });
  });
});

describe("regionBoxes", () => {
  it("draws active alerts with a region, acked ones marked", () => {
    const boxes = regionBoxes(
      [
        alert({ id: 1, check: "covered", region: [0, 0, 0.5, 0.5] }),
        alert({ id: 2, check: "blur", region: null }),
        alert({ id: 3, check: "dark" }),
        alert({ id: 4, check: "covered", region: [0.5, 0.5, 0.5, 0.5], acked_at: "2026-11-25T20:01:00Z" }),
        alert({ id: 5, check: "covered", region: [0, 0, 1, 1], cleared_at: "2026-11-25T20:02:00Z" }),
      ],
      200,
      100,
    );
    expect(boxes).toEqual([
      { alertId: 1, acked: false, rect: { x: 0, y: 0, width: 100, height: 50 } },
      { alertId: 4, acked: true, rect: { x: 100, y: 50, width: 100, height: 50 } },
    ]);
  });
});
