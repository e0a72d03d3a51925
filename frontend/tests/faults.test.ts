import { describe, expect, it } from "vitest";
import { alertsByCamera, faultLabel, isSensorAlert, severityOf, sourceLabel } from "../src/faults";
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

describe("sensor alerts", () => {
  it("have a label per sensor check", () => {
    expect(faultLabel("sensor_high")).toBe("ABOVE LIMIT");
    expect(faultLabel("sensor_low")).toBe("BELOW LIMIT");
    expect(faultLabel("sensor_rate")).toBe("CHANGING FAST");
    expect(faultLabel("sensor_stale")).toBe("NO READINGS");
  });

  it("are told by their subject, or by their check from a backend that sends none", () => {
    expect(isSensorAlert(alert({ subject: "sensor", check: "sensor_high" }))).toBe(true);
    expect(isSensorAlert(alert({ check: "sensor_stale" }))).toBe(true);
    expect(isSensorAlert(alert({ subject: "camera", check: "dark" }))).toBe(false);
    expect(isSensorAlert(alert({ check: "dark" }))).toBe(false);
    expect(sourceLabel(alert({ subject: "sensor", check: "sensor_low" }))).toBe("SENSOR");
    expect(sourceLabel(alert({ check: "frozen" }))).toBe("CAMERA");
  });

  it("light no wall tile, even with an id a camera has", () => {
    const byCamera = alertsByCamera([
      alert({ id: 1, camera_id: "cam-1" }),
      alert({ id: 2, subject: "sensor", camera_id: "water-1", camera_name: "River gauge", check: "sensor_high" }),
      alert({ id: 3, subject: "sensor", camera_id: "cam-1", check: "sensor_stale" }),
    ]);
    expect([...byCamera.keys()]).toEqual(["cam-1"]);
    expect(byCamera.get("cam-1")!.map((a) => a.id)).toEqual([1]);
  });
});
