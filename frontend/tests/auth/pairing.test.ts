import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/api";
import {
  claimEvent,
  formatCountdown,
  IllegalPairingEvent,
  initialPairing,
  pairedUrl,
  POLL_INTERVAL_MS,
  secondsLeft,
  START_RETRY_MS,
  step,
  type PairingEvent,
  type PairingState,
  type Transition,
} from "../../src/auth/pairing";

const started: PairingEvent = { kind: "started", code: "K7PQ2M", secret: "s3cret", expiresAt: "2026-11-25T20:05:00Z" };
const run = (...events: PairingEvent[]): Transition =>
  events.reduce<Transition>((t, e) => step(t.state, e), initialPairing);
const stateAfter = (...events: PairingEvent[]): PairingState => run(...events).state;

describe("pairing a display", () => {
  it("asks for a code at once", () => {
    expect(initialPairing.effects).toEqual([{ kind: "start", delayMs: 0 }]);
  });

  it("shows the code and asks every 2 s whether it was entered", () => {
    const t = run(started);
    expect(t.state).toMatchObject({ kind: "waiting", code: "K7PQ2M", error: null });
    expect(t.effects).toEqual([{ kind: "claim", secret: "s3cret", delayMs: POLL_INTERVAL_MS }]);
    expect(run(started, { kind: "not-yet" }).effects).toEqual(t.effects);
  });

  it("opens the wall the server bound it to once paired", () => {
    const t = run(started, { kind: "not-yet" }, { kind: "claimed", wallId: "north" });
    expect(t.state).toEqual({ kind: "paired", wallId: "north" });
    expect(t.effects).toEqual([{ kind: "open", wallId: "north" }]);
  });

  it("starts a new pairing when the code expired (404)", () => {
    const t = run(started, { kind: "expired" });
    expect(t.state).toEqual({ kind: "starting", error: null });
    expect(t.effects).toEqual([{ kind: "start", delayMs: 0 }]);
  });

  it("keeps the code and keeps asking while the server is unreachable, then clears the error", () => {
    const failed = run(started, { kind: "claim-failed", error: "Server unreachable" });
    expect(failed.state).toMatchObject({ kind: "waiting", code: "K7PQ2M", error: "Server unreachable" });
    expect(failed.effects).toEqual([{ kind: "claim", secret: "s3cret", delayMs: POLL_INTERVAL_MS }]);
    expect(step(failed.state, { kind: "not-yet" }).state).toMatchObject({ error: null });
  });

  it("asks for a code again 5 s after a failed request", () => {
    const t = run({ kind: "start-failed", error: "Server timed out" });
    expect(t.state).toEqual({ kind: "starting", error: "Server timed out" });
    expect(t.effects).toEqual([{ kind: "start", delayMs: START_RETRY_MS }]);
    expect(step(t.state, started).state.kind).toBe("waiting");
  });

  it("refuses events that cannot happen in a state", () => {
    expect(() => run({ kind: "not-yet" })).toThrow(IllegalPairingEvent);
    expect(() => run(started, started)).toThrow(IllegalPairingEvent);
    const paired = stateAfter(started, { kind: "claimed", wallId: null });
    expect(() => step(paired, { kind: "not-yet" })).toThrow(IllegalPairingEvent);
  });
});

describe("claim answers", () => {
  it("maps paired, not yet, expired and failures to events", () => {
    expect(claimEvent({ answer: { paired: true, wall_id: "main" } })).toEqual({ kind: "claimed", wallId: "main" });
    expect(claimEvent({ answer: { paired: true } })).toEqual({ kind: "claimed", wallId: null });
    expect(claimEvent({ answer: { paired: false } })).toEqual({ kind: "not-yet" });
    expect(claimEvent({ error: new ApiError(404, "no such pairing") })).toEqual({ kind: "expired" });
    const down = new ApiError(0, "Server unreachable", "unreachable");
    expect(claimEvent({ error: down })).toEqual({ kind: "claim-failed", error: down });
  });
});

describe("after pairing", () => {
  it("stays on the page for its own wall and moves to another wall's page", () => {
    expect(pairedUrl("main", "main")).toBeNull();
    expect(pairedUrl(null, "main")).toBeNull();
    expect(pairedUrl("north side", "main")).toBe("/wall/north%20side");
  });
});

describe("expiry", () => {
  const expires = "2026-11-25T20:05:00Z";
  it("counts whole seconds down to zero, never below", () => {
    expect(secondsLeft(expires, Date.parse(expires) - 245_500)).toBe(246);
    expect(secondsLeft(expires, Date.parse(expires) + 10_000)).toBe(0);
    expect(secondsLeft("garbage", 0)).toBe(0);
  });

  it("formats minutes and seconds", () => {
    expect(formatCountdown(246)).toBe("4:06");
    expect(formatCountdown(9)).toBe("0:09");
  });
});
