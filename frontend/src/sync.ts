// Keeps a LiveState in step with the server: on every (re)connect and on `resync` it refetches the
// REST state, holding live messages back meanwhile and replaying them on top of the fresh state.

import { ApiError } from "./api";
import { LiveClient, type LiveMessage } from "./live";
import type { Action, Snapshot } from "./state";

/** Live messages are applied in batches at most this often, so a busy feed costs 10 renders/s. */
export const FLUSH_INTERVAL_MS = 100;
/** Messages held back during one refetch; more than this and the refetch starts over. */
export const HOLD_MAX = 10_000;

export type ConnView =
  | { state: "live" }
  | { state: "reconnecting"; phase: "connecting" | "syncing" | "waiting"; retryAt: number | null; error: string | null };

export interface SyncOptions {
  url: string;
  fetchSnapshot: () => Promise<Snapshot>;
  dispatch: (action: Action) => void;
  onConn: (conn: ConnView) => void;
}

/** Starts the live feed; returns the function that stops it. */
export function startSync(opts: SyncOptions): () => void {
  let generation = 0; // bumped by each refetch and each close; stale refetches are dropped
  let held: LiveMessage[] | null = null; // non-null while a refetch runs
  let queue: LiveMessage[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  let lastError: string | null = null;

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

  const onMessage = (msg: LiveMessage) => {
    if (msg.type === "resync") {
      void resync();
    } else if (held) {
      held.push(msg);
      if (held.length > HOLD_MAX) {
        held = null;
        void resync();
      }
    } else {
      deliver(msg);
    }
  };

  const client = new LiveClient(opts.url, {
    onOpen: () => void resync(),
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
