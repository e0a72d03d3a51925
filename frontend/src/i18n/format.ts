// Dates, times and durations in a locale's form (Intl). Pure: the current time is passed in.

import { isoMs } from "../time";
import type { MessageKey, ParamsArg } from "./catalogue";

export type Translate = <K extends MessageKey>(key: K, ...params: ParamsArg<K>) => string;

const formats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(intlLocale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${intlLocale} ${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.DateTimeFormat(intlLocale, options)));
  return format;
}

const CLOCK: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" };
const DATE: Intl.DateTimeFormatOptions = { weekday: "short", day: "numeric", month: "short", year: "numeric" };
const DAY: Intl.DateTimeFormatOptions = { day: "numeric", month: "short" };

/** "20:01:05" in the screen's time zone, 24-hour. */
export function formatClock(ms: number, intlLocale: string): string {
  return dateFormat(intlLocale, CLOCK).format(ms);
}

/** "2026年11月25日周三", "Wed, 25 Nov 2026". */
export function formatDate(ms: number, intlLocale: string): string {
  return dateFormat(intlLocale, DATE).format(ms);
}

/** A timestamp: the time alone when it is today, else prefixed with the day ("11月25日", "25 Nov"). */
export function formatStamp(iso: string | null, now: number, intlLocale: string): string {
  const ms = isoMs(iso);
  if (!ms) return "—";
  const sameDay = new Date(ms).toDateString() === new Date(now).toDateString();
  const time = formatClock(ms, intlLocale);
  return sameDay ? time : `${dateFormat(intlLocale, DAY).format(ms)} ${time}`;
}

const two = (n: number): string => String(n).padStart(2, "0");

/** A compact age: "4s", "3m 12s", "2h 05m", "3d 4h" (in Chinese "4秒", "3分12秒", ...); "—" when unknown. */
export function formatAge(iso: string | null, now: number, t: Translate): string {
  const ms = isoMs(iso);
  if (!ms) return t("age.unknown");
  const s = Math.max(0, Math.floor((now - ms) / 1000));
  if (s < 60) return t("age.seconds", { s });
  const m = Math.floor(s / 60);
  if (m < 60) return t("age.minutes", { m, s: two(s % 60) });
  const h = Math.floor(m / 60);
  if (h < 24) return t("age.hours", { h, m: two(m % 60) });
  return t("age.days", { d: Math.floor(h / 24), h: h % 24 });
}
