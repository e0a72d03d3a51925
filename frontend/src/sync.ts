// Keeps a LiveState in step with the server. On every (re)connect it subscribes to its topics with
// the last number it has of each (`since`), so the server replays what it missed. With no number
// yet (first connect) or on `resync` it refetches the REST state, holding live messages back
// meanwhile and replaying them on top of the fresh state.

import { ApiError } from "./api";
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
  | { state: "reconnecting"; phase: "connecting" | "syncing" | "waiting"; retryAt: number | null; error: string | null };

export interface SyncOptions {
  url: string;
  fetchSnapshot: () => Promise<Snapshot>;
  dispatch: (action: Action) => void;
  onConn: (conn: ConnView) => void;
}

/** The server's word that the credential is gone: refused at connect, or expired or revoked. */
export function lostLogin(msg: LiveMessage): boolean {
  const code = (msg as { code?: unknown }).code;
  return msg.type === "auth_expired" || (msg.type === "error" && code === 401);
}

/** Starts the live feed; returns the function that stops it. */
export function startSync(opts: SyncOptions): () => void {
  let generation = 0; // bumped by each refetch and each close; stale refetches are dropped
  let held: LiveMessage[] | null = null; // non-null while a refetch runs
  let queue: LiveMessage[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  let lastError: string | null = null;
  const lastSeq = new Map<string, number>(); // per topic: the newest number applied or held

  const reconnecting = (phase: "connecting" | "syncing" | "waiting", retryAt: number | null = null) =>
    opts.onConn({ state: "reconnecting", phase, retryAt, error: lastError });

  const flush = () => {
    flushTimer = null;
    const messages = queue;
    queue = [];
    if (messages.length) opts.dispatch({ kind: "messages", messages });
  };

  const deliver = (msg: LiveMessage) => {
    queue.push(msg);
    flushTimer ??= setTimeout(flush, FLUSH_INTERVAL_MS);
  };

  const resync = async () => {
    const gen = ++generation;
    held ??= [];
    reconnecting("syncing");
    try {
      const snapshot = await opts.fetchSnapshot();
      if (gen !== generation) return;
      flush();
      opts.dispatch({ kind: "snapshot", snapshot });
      const replay = held ?? [];
      held = null;
      if (replay.length) opts.dispatch({ kind: "messages", messages: replay });
      lastError = null;
      client.markHealthy();
      opts.onConn({ state: "live" });
    } catch (err) {
      if (gen !== generation) return;
      lastError = err instanceof ApiError ? err.detail : String(err);
      client.restart();
    }
  };

  const noteSeq = (msg: LiveMessage) => {
    if (msg.seq > 0 && msg.seq > (lastSeq.get(msg.topic) ?? 0)) lastSeq.set(msg.topic, msg.seq);
  };

  /** The numbers the server gave a topic we had none of: the refetch under way covers them. */
  const noteSubscribed = (msg: LiveMessage) => {
    for (const [topic, seq] of Object.entries(msg.topics ?? {})) {
      if (!lastSeq.has(topic) && typeof seq === "number") lastSeq.set(topic, seq);
    }
  };

  const onMessage = (msg: LiveMessage) => {
    if (lostLogin(msg)) {
      void resync(); // its REST call answers 401, and the page asks for a login (or pairing)
    } else if (msg.type === "resync") {
      if (msg.topic && msg.seq >= 0) lastSeq.set(msg.topic, msg.seq); // the refetch covers it
      void resync();
    } else if (msg.type === "subscribed") {
      noteSubscribed(msg);
    } else if (msg.type === "error" || msg.type === "hello" || msg.type === "unsubscribed") {
      return;
    } else if (held) {
      noteSeq(msg);
      held.push(msg);
      if (held.length > HOLD_MAX) {
        held = null;
        void resync();
      }
    } else {
      noteSeq(msg);
      deliver(msg);
    }
  };

  const onOpen = () => {
    const since = Object.fromEntries(TOPICS.map((t) => [t, lastSeq.get(t) ?? null]));
    client.send({ type: "subscribe", topics: since });
    if (TOPICS.some((t) => !lastSeq.has(t))) {
      void resync();
    } else {
      client.markHealthy();
      opts.onConn({ state: "live" });
    }
  };

  const client = new LiveClient(opts.url, {
    onOpen,
    onMessage,
    onClose: () => {
      generation += 1;
      held = null;
      flush();
    },
    onStatus: (s) => {
      if (s.kind === "connecting") reconnecting("connecting");
      else if (s.kind === "waiting") reconnecting("waiting", s.retryAt);
    },
  });
  client.start();
  return () => {
    client.stop();
    if (flushTimer !== null) clearTimeout(flushTimer);
  };
}
