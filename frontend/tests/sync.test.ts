import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../src/api";
import type { Action, Snapshot } from "../src/state";
import { startSync, type ConnView } from "../src/sync";
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
    expect(conns.at(-1)).toMatchObject({ state: "reconnecting", phase: "waiting", error: "database unavailable" });
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
