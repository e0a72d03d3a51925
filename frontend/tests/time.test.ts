import { describe, expect, it } from "vitest";
import { formatAge, isoMs } from "../src/time";

const now = Date.parse("2026-11-25T20:00:00Z");

describe("formatAge", () => {
  it("is compact at every scale", () => {
    expect(formatAge("2026-11-25T19:59:56Z", now)).toBe("4s");
    expect(formatAge("2026-11-25T19:56:48Z", now)).toBe("3m 12s");
    expect(formatAge("2026-11-25T17:55:00Z", now)).toBe("2h 05m");
    expect(formatAge("2026-11-22T16:00:00Z", now)).toBe("3d 4h");
  });

  it("shows a dash when there is no timestamp", () => {
    expect(formatAge(null, now)).toBe("—");
  });

  it("never shows a negative age for a clock slightly ahead", () => {
    expect(formatAge("2026-11-25T20:00:03Z", now)).toBe("0s");
  });
});

describe("isoMs", () => {
  it("is 0 for garbage", () => {
    expect(isoMs("yesterday")).toBe(0);
  });
});
