import { describe, expect, it } from "vitest";
import { placeholdersOf } from "../../src/i18n/catalogue";
import { CATALOGUES, DEFAULT_LOCALE, loadLocale, makeI18n, saveLocale, STORAGE_KEY } from "../../src/i18n";
import { en } from "../../src/i18n/messages/en";
import { zhCN } from "../../src/i18n/messages/zh-CN";

describe("the catalogues", () => {
  it("have the same keys, and each message the same values to fill in", () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
      expect([key, ...placeholdersOf(en[key]).sort()]).toEqual([key, ...placeholdersOf(zhCN[key]).sort()]);
    }
  });

  it("have no empty message", () => {
    for (const catalogue of Object.values(CATALOGUES)) {
      expect(Object.entries(catalogue).filter(([, m]) => !m.trim())).toEqual([]);
    }
  });

  it("use the centres' own words in Chinese", () => {
    const { t } = makeI18n("zh-CN");
    expect([t("console.title"), t("wall.unknown"), t("ticker.raised"), t("alerts.ack"), t("ticker.cleared")]).toEqual([
      "调度台", "未知视频墙", "告警", "确认", "已恢复",
    ]);
    expect([t("camera.state.online"), t("camera.state.offline"), t("fault.frozen")]).toEqual(["在线", "离线", "画面冻结"]);
  });
});

describe("t", () => {
  it("fills in values, numbers in the locale's form", () => {
    expect(makeI18n("en").t("console.titleUnacked", { count: 12345 })).toBe("(12,345) Dispatch console");
    expect(makeI18n("zh-CN").t("alerts.ackedBy", { user: "ana", time: "20:01:05" })).toBe("ana 于 20:01:05 确认");
  });

  it("chooses singular or plural by the locale's rules", () => {
    const en = makeI18n("en");
    expect([en.plural("wall.alerts", 1), en.plural("wall.alerts", 2), en.plural("wall.alerts", 0)]).toEqual(["alert", "alerts", "alerts"]);
    expect(makeI18n("zh-CN").plural("wall.alerts", 1)).toBe("告警");
  });
});

describe("the chosen language", () => {
  const memory = () => {
    const items = new Map<string, string>();
    return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v), items };
  };

  it("is Chinese until one is chosen, and remembered once chosen", () => {
    const storage = memory();
    expect(loadLocale(storage)).toBe(DEFAULT_LOCALE);
    expect(DEFAULT_LOCALE).toBe("zh-CN");
    saveLocale("en", storage);
    expect(storage.items.get(STORAGE_KEY)).toBe("en");
    expect(loadLocale(storage)).toBe("en");
  });

  it("falls back to Chinese for a value it does not know, or storage that refuses", () => {
    expect(loadLocale({ getItem: () => "fr" })).toBe("zh-CN");
    const refusing = {
      getItem: (): string | null => {
        throw new Error("SecurityError");
      },
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    expect(loadLocale(refusing)).toBe("zh-CN");
    expect(() => saveLocale("en", refusing)).not.toThrow();
  });
});
