import { describe, expect, it } from "vitest";
import { alertsByCamera, faultLabel, isSensorAlert, severityOf, sourceLabel } from "../src/faults";
import { makeI18n } from "../src/i18n";
import { alert } from "./fixtures";

const en = makeI18n("en");
const zh = makeI18n("zh-CN");

describe("faultLabel", () => {
  it("names every known check", () => {
    expect(faultLabel("signal_loss", en)).toBe("SIGNAL LOSS");
    expect(faultLabel("dark", en)).toBe("DARK");
    expect(faultLabel("frozen", en)).toBe("FROZEN");
    expect(faultLabel("blur", en)).toBe("BLUR");
    expect(faultLabel("overexposed", en)).toBe("OVEREXPOSED");
    expect(faultLabel("covered", en)).toBe("COVERED");
    expect(faultLabel("color_cast", en)).toBe("COLOUR CAST");
    expect(faultLabel("noise", en)).toBe("NOISE");
    expect(faultLabel("scene_change", en)).toBe("TURNED AWAY");
  });

  it("names every known check in Chinese with the centres' words", () => {
    expect(faultLabel("signal_loss", zh)).toBe("信号丢失");
    expect(faultLabel("frozen", zh)).toBe("画面冻结");
    expect(faultLabel("blur", zh)).toBe("画面模糊");
    expect(faultLabel("dark", zh)).toBe("画面过暗");
    expect(faultLabel("overexposed", zh)).toBe("画面过亮");
    expect(faultLabel("covered", zh)).toBe("镜头遮挡");
    expect(faultLabel("color_cast", zh)).toBe("画面偏色");
    expect(faultLabel("noise", zh)).toBe("噪声(雪花)");
    expect(faultLabel("scene_change", zh)).toBe("场景变更");
    expect(faultLabel("lens_fog", zh)).toBe("其他故障(lens fog)");
    expect(sourceLabel(alert({ check: "sensor_high" }), zh)).toBe("传感器");
  });

  it("derives a label for checks added later", () => {
    expect(faultLabel("lens_fog", en)).toBe("LENS FOG");
    expect(faultLabel("__", en)).toBe("UNKNOWN");
    expect(faultLabel("toString", en)).toBe("TOSTRING");
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
    expect(faultLabel("sensor_high", en)).toBe("ABOVE LIMIT");
    expect(faultLabel("sensor_low", en)).toBe("BELOW LIMIT");
    expect(faultLabel("sensor_rate", en)).toBe("CHANGING FAST");
    expect(faultLabel("sensor_stale", en)).toBe("NO READINGS");
  });

  it("are told by their subject, or by their check from a backend that sends none", () => {
    expect(isSensorAlert(alert({ subject: "sensor", check: "sensor_high" }))).toBe(true);
    expect(isSensorAlert(alert({ check: "sensor_stale" }))).toBe(true);
    expect(isSensorAlert(alert({ subject: "camera", check: "dark" }))).toBe(false);
    expect(isSensorAlert(alert({ check: "dark" }))).toBe(false);
    expect(sourceLabel(alert({ subject: "sensor", check: "sensor_low" }), en)).toBe("SENSOR");
    expect(sourceLabel(alert({ check: "frozen" }), en)).toBe("CAMERA");
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
