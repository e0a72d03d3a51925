// The page's language: Simplified Chinese by default, English on request, remembered in
// localStorage. `makeI18n` is pure; the context in context.tsx hands it to the components.

import { fill, type Catalogue, type MessageKey, type ParamsArg, type PluralBase } from "./catalogue";
import { formatAge, formatClock, formatDate, formatStamp, type Translate } from "./format";
import { en } from "./messages/en";
import { zhCN } from "./messages/zh-CN";

export const LOCALES = ["zh-CN", "en"] as const;
export type Locale = (typeof LOCALES)[number];
/** A centre in China reads Chinese unless a user picks English. */
export const DEFAULT_LOCALE: Locale = "zh-CN";
/** Where the choice is remembered, per browser (a wall display keeps its own). */
export const STORAGE_KEY = "cc.locale";

export const CATALOGUES: Readonly<Record<Locale, Catalogue>> = { "zh-CN": zhCN, en };
/** Intl's locale for dates and numbers: British English writes "25 Nov 2026", 24-hour. */
const INTL_LOCALE: Readonly<Record<Locale, string>> = { "zh-CN": "zh-CN", en: "en-GB" };

export type { MessageKey, Translate };

export interface I18n {
  locale: Locale;
  t: Translate;
  /** `plural("wall.alerts", n)`: the `.one` or `.other` message by the locale's rules. */
  plural: (base: PluralBase, count: number) => string;
  number: (n: number) => string;
  clock: (ms: number) => string;
  date: (ms: number) => string;
  stamp: (iso: string | null, now: number) => string;
  age: (iso: string | null, now: number) => string;
}

export function isLocale(value: unknown): value is Locale {
  return typeof value === "string" && (LOCALES as readonly string[]).includes(value);
}

export function makeI18n(locale: Locale): I18n {
  const catalogue = CATALOGUES[locale];
  const intl = INTL_LOCALE[locale];
  const numbers = new Intl.NumberFormat(intl);
  const plurals = new Intl.PluralRules(intl);
  const t = (<K extends MessageKey>(key: K, ...[params]: ParamsArg<K>): string => {
    const message = catalogue[key];
    if (!params) return message;
    const values: Record<string, string> = {};
    for (const [name, value] of Object.entries(params as Record<string, string | number>)) {
      values[name] = typeof value === "number" ? numbers.format(value) : value;
    }
    return fill(message, values);
  }) as Translate;
  return {
    locale,
    t,
    plural: (base, count) => catalogue[`${base}.${plurals.select(count) === "one" ? "one" : "other"}` as MessageKey],
    number: (n) => numbers.format(n),
    clock: (ms) => formatClock(ms, intl),
    date: (ms) => formatDate(ms, intl),
    stamp: (iso, now) => formatStamp(iso, now, intl),
    age: (iso, now) => formatAge(iso, now, t),
  };
}

/** The remembered language, else the default (also when storage is blocked). */
export function loadLocale(storage: Pick<Storage, "getItem"> | null = safeStorage()): Locale {
  try {
    const saved = storage?.getItem(STORAGE_KEY);
    return isLocale(saved) ? saved : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

export function saveLocale(locale: Locale, storage: Pick<Storage, "setItem"> | null = safeStorage()): void {
  try {
    storage?.setItem(STORAGE_KEY, locale);
  } catch {
    // blocked storage: the choice holds until the page is reloaded
  }
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    return null;
  }
}
