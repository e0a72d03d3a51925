import { describe, expect, it } from "vitest";
import { layoutCells, noSignalDetail, tileState, wallStats } from "../../src/wall/layout";
import { alert, camera } from "../fixtures";
import { makeI18n } from "../../src/i18n";

const en = makeI18n("en");
const zh = makeI18n("zh-CN");

describe("layoutCells", () => {
  it("fills rows x cols in reading order, empty cells as null", () => {
    expect(layoutCells({ id: "w", name: "W", rows: 2, cols: 2, cameras: ["a", "b", "c"] })).toEqual(["a", "b", "c", null]);
  });

  it("drops cameras beyond the grid", () => {
    expect(layoutCells({ id: "w", name: "W", rows: 1, cols: 1, cameras: ["a", "b"] })).toEqual(["a"]);
  });
});

describe("tileState", () => {
  const acked = alert({ id: 2, acked_at: "2026-11-25T20:01:00Z" });

  it("an unacknowledged alert wins over an acknowledged one", () => {
    expect(tileState(camera(), [acked, alert()])).toBe("alert");
  });

  it("an acknowledged alert wins over offline", () => {
    expect(tileState(camera({ state: "offline" }), [acked])).toBe("acked");
  });

  it("follows the camera state when there is no alert", () => {
    expect(tileState(camera(), [])).toBe("ok");
    expect(tileState(camera({ state: "offline" }), [])).toBe("offline");
    expect(tileState(camera({ state: "connecting" }), [])).toBe("connecting");
  });

  it("a camera the server does not know is offline", () => {
    expect(tileState(undefined, [])).toBe("offline");
  });

  it("a degraded camera still shows its picture; one in error shows none", () => {
    expect(tileState(camera({ state: "degraded" }), [])).toBe("ok");
    expect(tileState(camera({ state: "error", failure: "auth" }), [])).toBe("offline");
  });
});

describe("noSignalDetail", () => {
  it("says why a camera is in error or offline", () => {
    expect(noSignalDetail(camera({ state: "error", failure: "auth" }), en.t)).toBe("camera error: wrong user name or password");
    expect(noSignalDetail(camera({ state: "offline", failure: "timeout" }), en.t)).toBe("camera offline: no answer");
    expect(noSignalDetail(camera({ state: "offline", failure: null }), en.t)).toBe("camera offline");
  });

  it("says it in Chinese by default", () => {
    expect(noSignalDetail(camera({ state: "offline", failure: "timeout" }), zh.t)).toBe("摄像机离线：无响应");
    expect(noSignalDetail(undefined, zh.t)).toBe("摄像机未配置");
  });

  it("spells out a failure it has no words for", () => {
    expect(noSignalDetail(camera({ state: "error", failure: "tls_handshake" }), en.t)).toBe("camera error: tls handshake");
  });
});

describe("wallStats", () => {
  it("counts only the cameras placed on the wall", () => {
    const cameras = { "cam-1": camera(), "cam-2": camera({ id: "cam-2", state: "offline" }), "cam-3": camera({ id: "cam-3" }) };
    const byCamera = new Map([["cam-2", [alert({ camera_id: "cam-2" })]], ["cam-3", [alert({ id: 2, camera_id: "cam-3" })]]]);
    expect(wallStats(["cam-1", "cam-2", null], cameras, byCamera)).toEqual({ online: 1, total: 2, alerts: 1, unacked: 1 });
  });
});
