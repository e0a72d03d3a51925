import { describe, expect, it } from "vitest";
import { makeI18n } from "../src/i18n";
import { formatAge } from "../src/i18n/format";
import { ageSeconds, isoMs } from "../src/time";

const now = Date.parse("2026-11-25T20:00:00Z");
const en = makeI18n("en");
const zh = makeI18n("zh-CN");

describe("formatAge", () => {
  it("is compact at every scale", () => {
    expect(formatAge("2026-11-25T19:59:56Z", now, en.t)).toBe("4s");
    expect(formatAge("2026-11-25T19:56:48Z", now, en.t)).toBe("3m 12s");
    expect(formatAge("2026-11-25T17:55:00Z", now, en.t)).toBe("2h 05m");
    expect(formatAge("2026-11-22T16:00:00Z", now, en.t)).toBe("3d 4h");
  });

  it("is written the Chinese way in Chinese", () => {
    expect(zh.age("2026-11-25T19:59:56Z", now)).toBe("4秒");
    expect(zh.age("2026-11-25T19:56:48Z", now)).toBe("3分12秒");
    expect(zh.age("2026-11-25T17:55:00Z", now)).toBe("2小时05分");
    expect(zh.age("2026-11-22T16:00:00Z", now)).toBe("3天4小时");
  });

  it("shows a dash when there is no timestamp", () => {
    expect(formatAge(null, now, en.t)).toBe("—");
  });

  it("never shows a negative age for a clock slightly ahead", () => {
    expect(formatAge("2026-11-25T20:00:03Z", now, en.t)).toBe("0s");
  });
});

describe("dates, times and numbers", () => {
  const at = new Date(2026, 10, 25, 20, 1, 5).getTime(); // local time, as the wall shows it

  it("are in the locale's form", () => {
    expect(zh.clock(at)).toBe("20:01:05");
    expect(en.clock(at)).toBe("20:01:05");
    expect(zh.date(at)).toBe("2026年11月25日周三");
    expect(en.date(at)).toBe("Wed, 25 Nov 2026");
    expect(zh.number(12345)).toBe("12,345");
  });

  it("prefix a stamp with the day unless it is today", () => {
    const iso = new Date(at).toISOString();
    expect(zh.stamp(iso, at + 60_000)).toBe("20:01:05");
    expect(zh.stamp(iso, at + 2 * 86_400_000)).toBe("11月25日 20:01:05");
    expect(en.stamp(iso, at + 2 * 86_400_000)).toBe("25 Nov 20:01:05");
  });
});

describe("isoMs", () => {
  it("is 0 for garbage", () => {
    expect(isoMs("yesterday")).toBe(0);
    expect(ageSeconds(null, now)).toBe(Infinity);
  });
});
