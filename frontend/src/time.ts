// Time parsing. Pure: the current time is always passed in. Formatting for the screen is in
// i18n/format.ts (it depends on the page's language).

/** Milliseconds since the epoch for an ISO timestamp; 0 for a missing or unparsable one. */
export function isoMs(iso: string | null | undefined): number {
  if (!iso) return 0;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? 0 : ms;
}

/** Seconds since the timestamp, or Infinity when unknown. */
export function ageSeconds(iso: string | null, now: number): number {
  const ms = isoMs(iso);
  return ms ? Math.max(0, (now - ms) / 1000) : Infinity;
}
