import { describe, expect, it } from "vitest";
import { initialState, mergeAlert, reduce, type Action, type LiveState } from "../src/state";
import { alert, camera, message } from "./fixtures";

const run = (state: LiveState, ...actions: Action[]) => actions.reduce(reduce, state);
const msgs = (...messages: ReturnType<typeof message>[]): Action => ({ kind: "messages", messages });
const snapshot = (cameras = [camera()], alerts = [alert()]): Action => ({ kind: "snapshot", snapshot: { cameras, alerts } });

describe("snapshot", () => {
  it("replaces cameras and active alerts and marks the state synced", () => {
    const s = run(initialState, snapshot());
    expect(s.synced).toBe(true);
    expect(Object.keys(s.cameras)).toEqual(["cam-1"]);
    expect(Object.keys(s.alerts)).toEqual(["1"]);
  });

  it("drops alerts that are no longer active and refuses their late raise", () => {
    const s = run(initialState, snapshot(), snapshot([camera()], []), msgs(message("alert.raised", alert())));
    expect(s.alerts).toEqual({});
  });

  it("seeds the ticker once however often it is applied", () => {
    const acked = alert({ acked_at: "2026-11-25T20:01:00Z", acked_by: "ops" });
    const s = run(initialState, snapshot([camera()], [acked]), snapshot([camera()], [acked]));
    expect(s.ticker.map((e) => e.kind)).toEqual(["acked", "raised"]);
  });
});

describe("alert messages", () => {
  it("applying the same message twice equals applying it once", () => {
    const m = message("alert.raised", alert({ id: 7 }));
    expect(run(initialState, msgs(m, m))).toEqual(run(initialState, msgs(m)));
  });

  it("a late raise does not undo an ack", () => {
    const acked = alert({ acked_at: "2026-11-25T20:01:00Z", acked_by: "ops" });
    const s = run(initialState, { kind: "alert", alert: acked }, msgs(message("alert.raised", alert())));
    expect(s.alerts[1]?.acked_by).toBe("ops");
  });

  it("carries severity, region and evidence; a message lacking them keeps what was known", () => {
    const full = { ...alert({ id: 3, check: "covered" }), severity: "major", region: [0.1, 0.2, 0.3, 0.4], has_evidence: true };
    const { severity: _s, region: _r, has_evidence: _e, ...old } = full;
    const s = run(initialState, msgs(message("alert.raised", full), message("alert.updated", { ...old, last_seen_at: "2026-11-25T20:03:00Z" })));
    expect(s.alerts[3]).toMatchObject({ severity: "major", region: [0.1, 0.2, 0.3, 0.4], has_evidence: true, last_seen_at: "2026-11-25T20:03:00Z" });
  });

  it("carries a sensor alert's subject; a message lacking it keeps it", () => {
    const sensor = alert({ id: 4, subject: "sensor", camera_id: "water-1", check: "sensor_high" });
    const { subject: _s, ...old } = sensor;
    const s = run(initialState, msgs(message("alert.raised", sensor), message("alert.updated", { ...old, acked_at: "2026-11-25T20:03:00Z" })));
    expect(s.alerts[4]).toMatchObject({ subject: "sensor", camera_id: "water-1", acked_at: "2026-11-25T20:03:00Z" });
  });

  it("a region can be withdrawn with null; a malformed one is ignored", () => {
    const base = alert({ id: 4, check: "covered" });
    const s1 = run(initialState, msgs(message("alert.raised", { ...base, region: [0, 0, 0.5, "x"] })));
    expect(s1.alerts[4]?.region).toBeUndefined();
    const s2 = run(s1, msgs(message("alert.updated", { ...base, region: [0, 0, 0.5, 0.5] }), message("alert.updated", { ...base, region: null })));
    expect(s2.alerts[4]?.region).toBeNull();
  });

  it("cleared removes the alert and adds a ticker line", () => {
    const s = run(initialState, snapshot(), msgs(message("alert.cleared", alert({ cleared_at: "2026-11-25T20:02:00Z" }))));
    expect(s.alerts).toEqual({});
    expect(s.ticker[0]).toMatchObject({ kind: "cleared", cameraName: "North gate", check: "dark" });
  });

  it("an update carrying cleared_at clears too", () => {
    const s = run(initialState, snapshot(), msgs(message("alert.updated", alert({ cleared_at: "2026-11-25T20:02:00Z" }))));
    expect(s.alerts).toEqual({});
  });

  it("malformed alert data is ignored", () => {
    const before = run(initialState, snapshot());
    expect(run(before, msgs(message("alert.raised", { id: "x" })))).toBe(before);
  });

  it("the ticker lists events newest first", () => {
    const s = run(
      initialState,
      msgs(
        message("alert.raised", alert({ id: 1, raised_at: "2026-11-25T20:00:00Z" })),
        message("alert.raised", alert({ id: 2, raised_at: "2026-11-25T20:03:00Z", check: "frozen" })),
      ),
    );
    expect(s.ticker.map((e) => e.alertId)).toEqual([2, 1]);
  });
});

describe("camera messages", () => {
  it("a sample moves last_sample_at forward, never back", () => {
    let s = run(initialState, snapshot());
    s = run(s, msgs(message("camera.sample", { camera_id: "cam-1", ts: "2026-11-25T20:00:04Z" })));
    expect(s.cameras["cam-1"]?.last_sample_at).toBe("2026-11-25T20:00:04Z");
    s = run(s, msgs(message("camera.sample", { camera_id: "cam-1", ts: "2026-11-25T19:59:00Z" })));
    expect(s.cameras["cam-1"]?.last_sample_at).toBe("2026-11-25T20:00:04Z");
  });

  it("a status update replaces the camera's state", () => {
    const s = run(initialState, snapshot(), msgs(message("camera.status", camera({ state: "offline" }))));
    expect(s.cameras["cam-1"]?.state).toBe("offline");
  });

  it("unknown message types leave the state untouched", () => {
    const before = run(initialState, snapshot());
    expect(run(before, msgs(message("camera.ptz", { id: "cam-1" }), message("hello", { seq: 3 })))).toBe(before);
  });
});

describe("mergeAlert", () => {
  it("keeps the newer last_seen_at and score", () => {
    const older = alert({ last_seen_at: "2026-11-25T20:00:00Z", score: 1 });
    const newer = alert({ last_seen_at: "2026-11-25T20:01:00Z", score: 2 });
    expect(mergeAlert(newer, older)).toMatchObject({ last_seen_at: newer.last_seen_at, score: 2 });
  });
});
