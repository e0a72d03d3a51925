import { describe, expect, it } from "vitest";
import { backoffDelay, BACKOFF_MAX_MS, parseFrame, parseMessage } from "../src/live";

describe("backoffDelay", () => {
  it("starts at 0.5 s and doubles", () => {
    const none = () => 0;
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, none))).toEqual([500, 1000, 2000, 4000]);
  });

  it("never exceeds 10 s, jitter included", () => {
    expect(backoffDelay(50, () => 0.999)).toBe(BACKOFF_MAX_MS);
  });

  it("adds at most 20 % jitter", () => {
    expect(backoffDelay(0, () => 0.999)).toBeLessThanOrEqual(600);
  });
});

describe("parseMessage", () => {
  it("reads a well-formed message", () => {
    const raw = JSON.stringify({ seq: 4, topic: "alerts", type: "alert.raised", data: { id: 1 }, ts: "t" });
    expect(parseMessage(raw)).toEqual({ seq: 4, topic: "alerts", type: "alert.raised", data: { id: 1 }, ts: "t" });
  });

  it("returns null for non-JSON, non-objects and messages without a type", () => {
    expect(parseMessage("{nope")).toBeNull();
    expect(parseMessage("42")).toBeNull();
    expect(parseMessage(JSON.stringify({ data: {} }))).toBeNull();
  });
});

describe("parseFrame", () => {
  it("reads one message a line and skips the malformed ones", () => {
    const frame = [JSON.stringify({ seq: 1, topic: "alerts", type: "a", data: {}, ts: "t" }), "{bad", JSON.stringify({ type: "ping" })].join("\n");
    expect(parseFrame(frame).map((m) => [m.type, m.seq])).toEqual([["a", 1], ["ping", -1]]);
  });
});
