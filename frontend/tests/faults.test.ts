import { describe, expect, it } from "vitest";
import { alertsByCamera, faultLabel, severityOf } from "../src/faults";
import { alert } from "./fixtures";

describe("faultLabel", () => {
  it("names every known check", () => {
    expect(faultLabel("signal_loss")).toBe("SIGNAL LOSS");
    expect(faultLabel("dark")).toBe("DARK");
    expect(faultLabel("frozen")).toBe("FROZEN");
    expect(faultLabel("blur")).toBe("BLUR");
    expect(faultLabel("overexposed")).toBe("OVEREXPOSED");
    expect(faultLabel("covered")).toBe("COVERED");
    expect(faultLabel("color_cast")).toBe("COLOUR CAST");
    expect(faultLabel("noise")).toBe("NOISE");
    expect(faultLabel("scene_change")).toBe("TURNED AWAY");
  });

  it("derives a label for checks added later", () => {
    expect(faultLabel("lens_fog")).toBe("LENS FOG");
    expect(faultLabel("__")).toBe("UNKNOWN");
    expect(faultLabel("toString")).toBe("TOSTRING");
  });
});

describe("severityOf", () => {
  it("accepts the known severities only", () => {
    expect(severityOf(alert({ severity: "critical" }))).toBe("critical");
    expect(severityOf(alert({ severity: "major" }))).toBe("major");
    expect(severityOf(alert({ severity: "minor" }))).toBe("minor");
    expect(severityOf(alert({ severity: "catastrophic" }))).toBeNull();
    expect(severityOf(alert({ severity: null }))).toBeNull();
    expect(severityOf(alert())).toBeNull();
  });
});

describe("alertsByCamera", () => {
  it("puts unacknowledged alerts before acknowledged ones", () => {
    const acked = alert({ id: 1, acked_at: "2026-11-25T20:01:00Z" });
    const fresh = alert({ id: 2, raised_at: "2026-11-25T20:02:00Z" });
    expect(alertsByCamera([acked, fresh]).get("cam-1")?.map((a) => a.id)).toEqual([2, 1]);
  });
});
