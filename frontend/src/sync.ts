// Keeps a LiveState in step with the server (docs/live-feed.md). On every (re)connect it subscribes
// to its topics with the last number it has of each (`since`), so the server replays what it
// missed. With no number yet (first connect), on `resync` or a lost login it refetches the REST
// state, holding live messages back meanwhile and replaying them on top of the fresh state.
//
// `step` is the whole policy, pure: (state, event) -> (state, effects). `startSync` is the thin
// adapter that feeds it the websocket's events and REST answers and carries out its effects.

import { LiveClient, type LiveMessage } from "./live";
import type { Action, Snapshot } from "./state";

/** Live messages are applied in batches at most this often, so a busy feed costs 10 renders/s. */
export const FLUSH_INTERVAL_MS = 100;
/** Messages held back during one refetch; more than this and the refetch starts over. */
export const HOLD_MAX = 10_000;
/** What the pages show: every camera's status and samples, every alert. */
export const TOPICS = ["alerts", "cameras"] as const;

export type ConnView =
  | { state: "live" }
  /** `error`: why the last refetch failed (shown with errorText), or null. */
  | { state: "reconnecting"; phase: "connecting" | "syncing" | "waiting"; retryAt: number | null; error: unknown };

export interface SyncState {
  /** Per topic: the newest number applied or held. */
  lastSeq: Readonly<Record<string, number>>;
  /** Bumped by each refetch and each close: an answer to another generation's refetch is stale. */
  generation: number;
  /** Non-null while a refetch runs: the live messages to replay on top of its answer. */
  held: readonly LiveMessage[] | null;
  /** Why the last refetch failed, until one succeeds. */
  lastError: unknown;
  /** No refetch has succeeded since one was called for (at start, resync, lost login): the next
   * connection refetches even when it can resume every topic. */
  needsRefetch: boolean;
}

export type SyncEvent =
  | { kind: "connecting" }
  | { kind: "waiting"; retryAt: number }
  | { kind: "open" }
  | { kind: "message"; msg: LiveMessage }
  | { kind: "closed" }
  | { kind: "fetched"; generation: number; snapshot: Snapshot }
  | { kind: "fetch-failed"; generation: number; error: unknown };

export type SyncEffect =
  | { kind: "send"; message: object }
  /** Refetch the REST state; answer with `fetched` or `fetch-failed` of this generation. */
  | { kind: "fetch"; generation: number }
  /** Apply with the next batch (at most FLUSH_INTERVAL_MS later). */
  | { kind: "deliver"; msg: LiveMessage }
  /** Apply the pending batch now. */
  | { kind: "flush" }
  | { kind: "dispatch"; action: Action }
  /** In sync: the next failure starts the reconnect backoff from the beginning. */
  | { kind: "healthy" }
  /** Drop the connection and reconnect after the backoff (a refetch failed). */
  | { kind: "restart" }
  | { kind: "conn"; conn: ConnView };

export interface Transition {
  state: SyncState;
  effects: SyncEffect[];
}

export const initialSync: SyncState = { lastSeq: {}, generation: 0, held: null, lastError: null, needsRefetch: true };

const LIVE: ConnView = { state: "live" };

/** The server's word that the credential is gone: refused at connect, or expired or revoked. */
export function lostLogin(msg: LiveMessage): boolean {
  const code = (msg as { code?: unknown }).code;
  return msg.type === "auth_expired" || (msg.type === "error" && code === 401);
}

/** A message that took a number of its own; a `camera.sample` carries its topic's last one. */
function numbered(msg: LiveMessage): boolean {
  return msg.seq > 0 && msg.type !== "camera.sample";
}

export function step(state: SyncState, event: SyncEvent): Transition {
  switch (event.kind) {
    case "connecting":
      return { state, effects: [reconnecting(state, "connecting")] };
    case "waiting":
      return { state, effects: [reconnecting(state, "waiting", event.retryAt)] };
    case "open":
      return onOpen(state);
    case "message":
      return onMessage(state, event.msg);
    case "closed":
      return { state: { ...state, generation: state.generation + 1, held: null }, effects: [{ kind: "flush" }] };
    case "fetched":
      return event.generation === state.generation ? onFetched(state, event.snapshot) : { state, effects: [] };
    case "fetch-failed":
      if (event.generation !== state.generation) return { state, effects: [] };
      return { state: { ...state, lastError: event.error }, effects: [{ kind: "restart" }] };
  }
}

function reconnecting(state: SyncState, phase: "connecting" | "syncing" | "waiting", retryAt: number | null = null): SyncEffect {
  return { kind: "conn", conn: { state: "reconnecting", phase, retryAt, error: state.lastError } };
}

/** Subscribe from the numbers we have; refetch unless we have one of every topic and a state in sync. */
function onOpen(state: SyncState): Transition {
  const since = Object.fromEntries(TOPICS.map((t) => [t, state.lastSeq[t] ?? null]));
  const subscribe: SyncEffect = { kind: "send", message: { type: "subscribe", topics: since } };
  if (state.needsRefetch || TOPICS.some((t) => !(t in state.lastSeq))) {
    const next = refetch(state);
    return { state: next.state, effects: [subscribe, ...next.effects] };
  }
  return { state, effects: [subscribe, { kind: "healthy" }, { kind: "conn", conn: LIVE }] };
}

/** A new refetch: earlier ones' answers become stale; live messages are held until it answers. */
function refetch(state: SyncState): Transition {
  const next = { ...state, generation: state.generation + 1, held: state.held ?? [], needsRefetch: true };
  return { state: next, effects: [reconnecting(next, "syncing"), { kind: "fetch", generation: next.generation }] };
}

function onFetched(state: SyncState, snapshot: Snapshot): Transition {
  const replay = state.held ?? [];
  const effects: SyncEffect[] = [{ kind: "flush" }, { kind: "dispatch", action: { kind: "snapshot", snapshot } }];
  if (replay.length) effects.push({ kind: "dispatch", action: { kind: "messages", messages: [...replay] } });
  effects.push({ kind: "healthy" }, { kind: "conn", conn: LIVE });
  return { state: { ...state, held: null, lastError: null, needsRefetch: false }, effects };
}

function onMessage(state: SyncState, msg: LiveMessage): Transition {
  if (lostLogin(msg)) return refetch(state); // its REST call answers 401: the page asks for a login
  switch (msg.type) {
    case "resync":
      // The refetch covers everything up to `seq`, the number to resume from next time.
      return refetch(msg.topic && msg.seq >= 0 ? withSeq(state, msg.topic, msg.seq) : state);
    case "subscribed":
      return { state: noteSubscribed(state, msg), effects: [] };
    case "error":
    case "hello":
    case "unsubscribed":
      return { state, effects: [] };
  }
  const last = state.lastSeq[msg.topic];
  // Already applied or held (a topic's numbers only grow): a duplicate. Gaps are normal: a client
  // gets only the messages of its areas.
  if (numbered(msg) && last !== undefined && msg.seq <= last) return { state, effects: [] };
  const noted = numbered(msg) ? withSeq(state, msg.topic, msg.seq) : state;
  if (!noted.held) return { state: noted, effects: [{ kind: "deliver", msg }] };
  if (noted.held.length >= HOLD_MAX) return refetch({ ...noted, held: null }); // the refetch covers them
  return { state: { ...noted, held: [...noted.held, msg] }, effects: [] };
}

function withSeq(state: SyncState, topic: string, seq: number): SyncState {
  return { ...state, lastSeq: { ...state.lastSeq, [topic]: seq } };
}

/** The numbers the server gave topics we had none of: the refetch under way covers them. */
function noteSubscribed(state: SyncState, msg: LiveMessage): SyncState {
  let next = state;
  for (const [topic, seq] of Object.entries(msg.topics ?? {})) {
    if (!(topic in next.lastSeq) && typeof seq === "number") next = withSeq(next, topic, seq);
  }
  return next;
}

export interface SyncOptions {
  url: string;
  fetchSnapshot: () => Promise<Snapshot>;
  dispatch: (action: Action) => void;
  onConn: (conn: ConnView) => void;
}

/** Starts the live feed; returns the function that stops it. */
export function startSync(opts: SyncOptions): () => void {
  let state = initialSync;
  let queue: LiveMessage[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    if (flushTimer !== null) clearTimeout(flushTimer);
    flushTimer = null;
    const messages = queue;
    queue = [];
    if (messages.length) opts.dispatch({ kind: "messages", messages });
  };

  const run = (event: SyncEvent) => {
    const next = step(state, event);
    state = next.state;
    next.effects.forEach(perform);
  };

  const perform = (effect: SyncEffect) => {
    switch (effect.kind) {
      case "send":
        return void client.send(effect.message);
      case "fetch":
        return void opts.fetchSnapshot().then(
          (snapshot) => run({ kind: "fetched", generation: effect.generation, snapshot }),
          (error: unknown) => run({ kind: "fetch-failed", generation: effect.generation, error }),
        );
      case "deliver":
        queue.push(effect.msg);
        flushTimer ??= setTimeout(flush, FLUSH_INTERVAL_MS);
        return;
      case "flush":
        return flush();
      case "dispatch":
        return opts.dispatch(effect.action);
      case "healthy":
        return client.markHealthy();
      case "restart":
        return client.restart();
      case "conn":
        return opts.onConn(effect.conn);
    }
  };

  const client = new LiveClient(opts.url, {
    onOpen: () => run({ kind: "open" }),
    onMessage: (msg) => run({ kind: "message", msg }),
    onClose: () => run({ kind: "closed" }),
    onStatus: (s) => {
      if (s.kind === "connecting") run({ kind: "connecting" });
      else if (s.kind === "waiting") run({ kind: "waiting", retryAt: s.retryAt });
    },
  });
  client.start();
  return () => {
    client.stop();
    if (flushTimer !== null) clearTimeout(flushTimer);
  };
}
