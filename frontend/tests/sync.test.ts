import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../src/api";
import type { Action, Snapshot } from "../src/state";
import { HOLD_MAX, initialSync, startSync, step, type ConnView, type SyncEffect, type SyncEvent, type SyncState } from "../src/sync";
import type { LiveMessage } from "../src/live";
import { alert, camera } from "./fixtures";

/** A stand-in for the browser's WebSocket that the test opens, feeds and closes by hand. */
class FakeSocket {
  static OPEN = 1;
  static all: FakeSocket[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  /** What the client sent to the server, parsed. */
  sent: Record<string, unknown>[] = [];
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  open() {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
  }
  /** The server sends `msgs` in one frame, one a line. */
  deliver(...msgs: object[]) {
    this.onmessage?.({ data: msgs.map((m) => JSON.stringify(m)).join("\n") });
  }
  send(text: string) {
    this.sent.push(JSON.parse(text));
  }
  close() {
    this.readyState = 3;
    this.onclose?.();
  }
}

const latest = () => FakeSocket.all[FakeSocket.all.length - 1]!;

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
  vi.stubGlobal("WebSocket", FakeSocket);
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("startSync", () => {
  it("holds messages back during the refetch and replays them after the snapshot", async () => {
    const fetch = deferred<Snapshot>();
    const actions: Action[] = [];
    const conns: ConnView[] = [];
    startSync({ url: "ws://x/ws", fetchSnapshot: () => fetch.promise, dispatch: (a) => actions.push(a), onConn: (c) => conns.push(c) });
    latest().open();
    latest().deliver({ seq: 1, topic: "alerts", type: "alert.raised", data: alert(), ts: "t" });
    expect(actions).toEqual([]);
    fetch.resolve({ cameras: [camera()], alerts: [] });
    await vi.runAllTimersAsync();
    expect(actions.map((a) => a.kind)).toEqual(["snapshot", "messages"]);
    expect(conns.at(-1)).toEqual({ state: "live" });
  });

  it("a failed refetch drops the socket and reconnects after the backoff", async () => {
    const conns: ConnView[] = [];
    startSync({
      url: "ws://x/ws",
      fetchSnapshot: () => Promise.reject(new ApiError(503, "database unavailable")),
      dispatch: () => {},
      onConn: (c) => conns.push(c),
    });
    latest().open();
    await Promise.resolve();
    await Promise.resolve();
    expect(conns.at(-1)).toMatchObject({ state: "reconnecting", phase: "waiting", error: { status: 503, detail: "database unavailable" } });
    expect(FakeSocket.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(600);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it("a resync message refetches without reconnecting", async () => {
    const fetchSnapshot = vi.fn(async (): Promise<Snapshot> => ({ cameras: [], alerts: [] }));
    startSync({ url: "ws://x/ws", fetchSnapshot, dispatch: () => {}, onConn: () => {} });
    latest().open();
    await vi.runAllTimersAsync();
    latest().deliver({ seq: 9, topic: "system", type: "resync", data: {}, ts: "t" });
    await vi.runAllTimersAsync();
    expect(fetchSnapshot).toHaveBeenCalledTimes(2);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it("a login that expires mid-session refetches, so the page learns of the 401", async () => {
    const fetchSnapshot = vi.fn(async (): Promise<Snapshot> => ({ cameras: [], alerts: [] }));
    startSync({ url: "ws://x/ws", fetchSnapshot, dispatch: () => {}, onConn: () => {} });
    latest().open();
    await vi.runAllTimersAsync();
    latest().deliver({ type: "auth_expired" });
    await vi.runAllTimersAsync();
    expect(fetchSnapshot).toHaveBeenCalledTimes(2);
    latest().deliver({ type: "error", code: 401, detail: "not authenticated" });
    await vi.runAllTimersAsync();
    expect(fetchSnapshot).toHaveBeenCalledTimes(3);
    latest().deliver({ type: "error", code: 400, detail: "not JSON" });
    await vi.runAllTimersAsync();
    expect(fetchSnapshot).toHaveBeenCalledTimes(3);
  });

  it("live messages are delivered in batches", async () => {
    const actions: Action[] = [];
    startSync({ url: "ws://x/ws", fetchSnapshot: async () => ({ cameras: [], alerts: [] }), dispatch: (a) => actions.push(a), onConn: () => {} });
    latest().open();
    await vi.runAllTimersAsync();
    actions.length = 0;
    for (let i = 0; i < 5; i++) latest().deliver({ seq: i, topic: "cameras", type: "camera.sample", data: {}, ts: "t" });
    await vi.advanceTimersByTimeAsync(100);
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ kind: "messages" });
  });

  it("subscribes with no number at first, refetches, then resumes after a reconnect without refetching", async () => {
    const fetchSnapshot = vi.fn(async (): Promise<Snapshot> => ({ cameras: [], alerts: [] }));
    const actions: Action[] = [];
    const conns: ConnView[] = [];
    startSync({ url: "ws://x/ws", fetchSnapshot, dispatch: (a) => actions.push(a), onConn: (c) => conns.push(c) });
    latest().open();
    expect(latest().sent).toEqual([{ type: "subscribe", topics: { alerts: null, cameras: null } }]);
    latest().deliver({ type: "subscribed", topics: { alerts: 4, cameras: 9 } });
    await vi.runAllTimersAsync();
    latest().deliver({ seq: 5, topic: "alerts", type: "alert.raised", data: alert(), ts: "t" });
    latest().close();
    await vi.advanceTimersByTimeAsync(700);
    latest().open();
    expect(latest().sent).toEqual([{ type: "subscribe", topics: { alerts: 5, cameras: 9 } }]);
    expect(fetchSnapshot).toHaveBeenCalledTimes(1);
    expect(conns.at(-1)).toEqual({ state: "live" });
  });

  it("a resync of one topic refetches and takes the number it gives", async () => {
    const fetchSnapshot = vi.fn(async (): Promise<Snapshot> => ({ cameras: [], alerts: [] }));
    startSync({ url: "ws://x/ws", fetchSnapshot, dispatch: () => {}, onConn: () => {} });
    latest().open();
    latest().deliver({ type: "subscribed", topics: { alerts: 50, cameras: 1 } });
    await vi.runAllTimersAsync();
    latest().deliver({ type: "resync", topic: "alerts", seq: 3 }, { type: "ping" });
    await vi.runAllTimersAsync();
    expect(fetchSnapshot).toHaveBeenCalledTimes(2);
    expect(latest().sent.at(-1)).toEqual({ type: "pong" });
    latest().close();
    await vi.advanceTimersByTimeAsync(700);
    latest().open();
    expect(latest().sent[0]).toEqual({ type: "subscribe", topics: { alerts: 3, cameras: 1 } });
  });
});

// The policy alone: events in, state and effects out, no socket and no timer.

const msg = (topic: string, seq: number, type = "alert.raised", data: object = alert()): LiveMessage => ({
  topic, seq, type, data: data as Record<string, unknown>, ts: "2026-11-25T20:00:00Z",
});
const control = (m: object) => ({ seq: -1, topic: "", data: {}, ts: "", ...m }) as LiveMessage;
const SNAPSHOT: Snapshot = { cameras: [camera()], alerts: [] };

/** Runs events from `state`; returns the last state and every effect, in order. */
function run(state: SyncState, ...events: SyncEvent[]): { state: SyncState; effects: SyncEffect[] } {
  const effects: SyncEffect[] = [];
  for (const event of events) {
    const next = step(state, event);
    state = next.state;
    effects.push(...next.effects);
  }
  return { state, effects };
}

const kinds = (effects: SyncEffect[]) => effects.map((e) => e.kind);
const delivered = (effects: SyncEffect[]) => effects.flatMap((e) => (e.kind === "deliver" ? [`${e.msg.topic}:${e.msg.seq}`] : []));

/** Connected, subscribed from `alerts` 4 and `cameras` 9, and the first refetch answered. */
function live(): SyncState {
  return run(
    initialSync,
    { kind: "open" },
    { kind: "message", msg: control({ type: "subscribed", topics: { alerts: 4, cameras: 9 } }) },
    { kind: "fetched", generation: 1, snapshot: SNAPSHOT },
  ).state;
}

describe("step", () => {
  it("first connection: subscribes live only and refetches", () => {
    const { state, effects } = run(initialSync, { kind: "open" });
    expect(effects).toEqual([
      { kind: "send", message: { type: "subscribe", topics: { alerts: null, cameras: null } } },
      { kind: "conn", conn: { state: "reconnecting", phase: "syncing", retryAt: null, error: null } },
      { kind: "fetch", generation: 1 },
    ]);
    expect(state.held).toEqual([]);
  });

  it("holds messages during the refetch, then applies the snapshot and replays them on top", () => {
    const { effects } = run(
      initialSync,
      { kind: "open" },
      { kind: "message", msg: msg("alerts", 5) },
      { kind: "fetched", generation: 1, snapshot: SNAPSHOT },
    );
    expect(kinds(effects).slice(3)).toEqual(["flush", "dispatch", "dispatch", "healthy", "conn"]);
    expect(effects[4]).toEqual({ kind: "dispatch", action: { kind: "snapshot", snapshot: SNAPSHOT } });
    expect(effects[5]).toEqual({ kind: "dispatch", action: { kind: "messages", messages: [msg("alerts", 5)] } });
    expect(effects.at(-1)).toEqual({ kind: "conn", conn: { state: "live" } });
  });

  it("resumes with `since` after a reconnect, without refetching", () => {
    const { state, effects } = run(live(), { kind: "message", msg: msg("alerts", 5) }, { kind: "closed" }, { kind: "open" });
    expect(effects).toContainEqual({ kind: "send", message: { type: "subscribe", topics: { alerts: 5, cameras: 9 } } });
    expect(kinds(effects)).not.toContain("fetch");
    expect(effects.at(-1)).toEqual({ kind: "conn", conn: { state: "live" } });
    expect(state.lastSeq).toEqual({ alerts: 5, cameras: 9 });
  });

  it("drops a message numbered at or below the last one of its topic (duplicate or out of order)", () => {
    const { state, effects } = run(
      live(),
      { kind: "message", msg: msg("alerts", 5) },
      { kind: "message", msg: msg("alerts", 5) },
      { kind: "message", msg: msg("alerts", 3) },
      { kind: "message", msg: msg("cameras", 9, "camera.status") },
      { kind: "message", msg: msg("cameras", 10, "camera.status") },
      { kind: "message", msg: msg("alerts", 6) },
    );
    expect(delivered(effects)).toEqual(["alerts:5", "cameras:10", "alerts:6"]);
    expect(state.lastSeq).toEqual({ alerts: 6, cameras: 10 });
  });

  it("passes samples, which carry their topic's last number instead of one of their own", () => {
    const sample = msg("cameras", 9, "camera.sample", { camera_id: "cam-1", ts: "2026-11-25T20:00:01Z" });
    const { effects } = run(live(), { kind: "message", msg: sample }, { kind: "message", msg: sample });
    expect(delivered(effects)).toEqual(["cameras:9", "cameras:9"]);
  });

  it("takes gaps in the numbers as they come: a client gets only its areas' messages", () => {
    const { effects } = run(live(), { kind: "message", msg: msg("alerts", 40) });
    expect(delivered(effects)).toEqual(["alerts:40"]);
    expect(kinds(effects)).not.toContain("fetch");
  });

  it("on resync refetches and resumes next time from the number it gives, even a lower one", () => {
    const { state, effects } = run(live(), { kind: "message", msg: control({ type: "resync", topic: "alerts", seq: 3 }) });
    expect(kinds(effects)).toEqual(["conn", "fetch"]);
    expect(state.lastSeq.alerts).toBe(3);
    const after = run(state, { kind: "message", msg: msg("alerts", 4) });
    expect(after.state.held).toEqual([msg("alerts", 4)]);
  });

  it("a resync of no topic (fell behind) refetches and keeps the numbers", () => {
    const { state, effects } = run(live(), { kind: "message", msg: control({ type: "resync" }) });
    expect(kinds(effects)).toEqual(["conn", "fetch"]);
    expect(state.lastSeq).toEqual({ alerts: 4, cameras: 9 });
  });

  it("a lost login refetches, so the page hears the 401 and asks for a login", () => {
    for (const lost of [control({ type: "auth_expired" }), control({ type: "error", code: 401 })]) {
      expect(kinds(run(live(), { kind: "message", msg: lost }).effects)).toEqual(["conn", "fetch"]);
    }
    expect(run(live(), { kind: "message", msg: control({ type: "error", code: 400 }) }).effects).toEqual([]);
  });

  it("a failed refetch restarts the socket and shows why until one succeeds", () => {
    const error = new ApiError(503, "database unavailable");
    const failed = run(initialSync, { kind: "open" }, { kind: "fetch-failed", generation: 1, error });
    expect(failed.effects.at(-1)).toEqual({ kind: "restart" });
    const retry = run(failed.state, { kind: "closed" }, { kind: "waiting", retryAt: 1234 });
    expect(retry.effects.at(-1)).toEqual({ kind: "conn", conn: { state: "reconnecting", phase: "waiting", retryAt: 1234, error } });
    const fixed = run(retry.state, { kind: "open" }, { kind: "fetched", generation: 3, snapshot: SNAPSHOT });
    expect(fixed.state.lastError).toBeNull();
  });

  it("ignores the answer of a refetch overtaken by another or by a close", () => {
    const overtaken = run(initialSync, { kind: "open" }, { kind: "message", msg: control({ type: "resync" }) });
    expect(overtaken.state.generation).toBe(2);
    expect(run(overtaken.state, { kind: "fetched", generation: 1, snapshot: SNAPSHOT }).effects).toEqual([]);
    const closed = run(initialSync, { kind: "open" }, { kind: "closed" });
    expect(run(closed.state, { kind: "fetch-failed", generation: 1, error: "late" }).effects).toEqual([]);
  });

  it("refetches on the next connection when a refetch was cut short, though every topic has a number", () => {
    const cut = run(
      initialSync,
      { kind: "open" },
      { kind: "message", msg: control({ type: "subscribed", topics: { alerts: 4, cameras: 9 } }) },
      { kind: "closed" },
      { kind: "open" },
    );
    expect(cut.effects).toContainEqual({ kind: "send", message: { type: "subscribe", topics: { alerts: 4, cameras: 9 } } });
    expect(cut.effects.at(-1)).toEqual({ kind: "fetch", generation: 3 });
  });

  it("keeps a topic's own number over the one `subscribed` tells", () => {
    const { state } = run(live(), { kind: "message", msg: control({ type: "subscribed", topics: { alerts: 99, sensors: 7 } }) });
    expect(state.lastSeq).toEqual({ alerts: 4, cameras: 9, sensors: 7 });
  });

  it("starts the refetch over when more than HOLD_MAX messages are held", () => {
    let state = run(initialSync, { kind: "open" }).state;
    for (let seq = 1; seq <= HOLD_MAX; seq++) state = step(state, { kind: "message", msg: msg("cameras", seq, "camera.status") }).state;
    expect(state.held).toHaveLength(HOLD_MAX);
    const over = step(state, { kind: "message", msg: msg("cameras", HOLD_MAX + 1, "camera.status") });
    expect(kinds(over.effects)).toEqual(["conn", "fetch"]);
    expect(over.state.held).toEqual([]);
    expect(over.state.lastSeq.cameras).toBe(HOLD_MAX + 1);
  });

  it("whatever the order and repeats, each topic's numbers reach the state once and rising", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 50; round++) {
      const events: SyncEvent[] = [];
      for (let i = 0; i < 60; i++) {
        const topic = random() < 0.5 ? "alerts" : "cameras";
        events.push({ kind: "message", msg: msg(topic, 1 + Math.floor(random() * 30), topic === "alerts" ? "alert.raised" : "camera.status") });
      }
      const { effects } = run(live(), ...events);
      for (const topic of ["alerts", "cameras"]) {
        const seqs = delivered(effects).filter((d) => d.startsWith(`${topic}:`)).map((d) => Number(d.split(":")[1]));
        expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b));
      }
    }
  });
});
