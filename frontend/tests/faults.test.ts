import { describe, expect, it } from "vitest";
import { alertsByCamera, faultLabel } from "../src/faults";
import { alert } from "./fixtures";

describe("faultLabel", () => {
  it("names known and future checks alike", () => {
    expect(faultLabel("signal_loss")).toBe("SIGNAL LOSS");
    expect(faultLabel("dark")).toBe("DARK");
    expect(faultLabel("color_cast")).toBe("COLOR CAST");
  });
});

describe("alertsByCamera", () => {
  it("puts unacknowledged alerts before acknowledged ones", () => {
    const acked = alert({ id: 1, acked_at: "2026-11-25T20:01:00Z" });
    const fresh = alert({ id: 2, raised_at: "2026-11-25T20:02:00Z" });
    expect(alertsByCamera([acked, fresh]).get("cam-1")?.map((a) => a.id)).toEqual([2, 1]);
  });
});
