// A wall display pairing itself: get a code, show it, ask every 2 s whether an admin has entered
// it. Pure: `step` returns the next state and what to do; usePairing.ts does it.

import { ApiError } from "../api";
import type { PairingClaim } from "./api";

/** How often the display asks whether it has been paired. */
export const POLL_INTERVAL_MS = 2_000;
/** After a failed request for a code (server unreachable), ask again this much later. */
export const START_RETRY_MS = 5_000;

/** What failed (shown with `errorText` in the page's language), or null. */
export type Failure = unknown;

export type PairingState =
  | { kind: "starting"; error: Failure | null }
  | { kind: "waiting"; code: string; secret: string; expiresAt: string; error: Failure | null }
  | { kind: "paired"; wallId: string | null };

export type PairingEvent =
  | { kind: "started"; code: string; secret: string; expiresAt: string }
  | { kind: "start-failed"; error: Failure }
  /** The claim answered `paired: false`. */
  | { kind: "not-yet" }
  | { kind: "claimed"; wallId: string | null }
  /** The claim answered 404: the code expired. */
  | { kind: "expired" }
  | { kind: "claim-failed"; error: Failure };

export type PairingEffect =
  | { kind: "start"; delayMs: number }
  | { kind: "claim"; secret: string; delayMs: number }
  /** The display holds its credential now: show wall `wallId` (null: the one in the URL). */
  | { kind: "open"; wallId: string | null };

export interface Transition {
  state: PairingState;
  effects: PairingEffect[];
}

export class IllegalPairingEvent extends Error {}

export const initialPairing: Transition = {
  state: { kind: "starting", error: null },
  effects: [{ kind: "start", delayMs: 0 }],
};

export function step(state: PairingState, event: PairingEvent): Transition {
  if (state.kind === "starting") {
    if (event.kind === "started") {
      const { code, secret, expiresAt } = event;
      return { state: { kind: "waiting", code, secret, expiresAt, error: null }, effects: [poll(secret)] };
    }
    if (event.kind === "start-failed") {
      return { state: { kind: "starting", error: event.error }, effects: [{ kind: "start", delayMs: START_RETRY_MS }] };
    }
  }
  if (state.kind === "waiting") {
    switch (event.kind) {
      case "not-yet":
        return { state: { ...state, error: null }, effects: [poll(state.secret)] };
      case "claim-failed":
        return { state: { ...state, error: event.error }, effects: [poll(state.secret)] };
      case "expired":
        return { state: { kind: "starting", error: null }, effects: [{ kind: "start", delayMs: 0 }] };
      case "claimed":
        return { state: { kind: "paired", wallId: event.wallId }, effects: [{ kind: "open", wallId: event.wallId }] };
    }
  }
  throw new IllegalPairingEvent(`${event.kind} while ${state.kind}`);
}

/** The event for a claim's answer, or for the error it threw. */
export function claimEvent(outcome: { answer: PairingClaim } | { error: unknown }): PairingEvent {
  if ("answer" in outcome) {
    return outcome.answer.paired ? { kind: "claimed", wallId: outcome.answer.wall_id ?? null } : { kind: "not-yet" };
  }
  const err = outcome.error;
  if (err instanceof ApiError && err.status === 404) return { kind: "expired" };
  return { kind: "claim-failed", error: err };
}

const poll = (secret: string): PairingEffect => ({ kind: "claim", secret, delayMs: POLL_INTERVAL_MS });

/** Whole seconds until the code expires (0 once past; the server's 404 decides, not this clock). */
export function secondsLeft(expiresAt: string, now: number): number {
  const ms = Date.parse(expiresAt);
  return Number.isNaN(ms) ? 0 : Math.max(0, Math.ceil((ms - now) / 1000));
}

/** "4:05" */
export function formatCountdown(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/** Where the page should go once paired: null to stay (same wall), else the wall's URL. */
export function pairedUrl(wallId: string | null, shownId: string): string | null {
  return wallId === null || wallId === shownId ? null : `/wall/${encodeURIComponent(wallId)}`;
}
