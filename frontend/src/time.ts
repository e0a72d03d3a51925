// Time parsing and formatting. Pure: the current time is always passed in.

/** Milliseconds since the epoch for an ISO timestamp; 0 for a missing or unparsable one. */
export function isoMs(iso: string | null | undefined): number {
  if (!iso) return 0;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? 0 : ms;
}

const two = (n: number): string => String(n).padStart(2, "0");

/** "20:01:05" in the screen's local time zone, 24-hour. */
export function formatClock(ms: number): string {
  const d = new Date(ms);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "Wed 25 Nov 2026" */
export function formatDate(ms: number): string {
  const d = new Date(ms);
  const day = d.toLocaleDateString("en-GB", { weekday: "short" });
  return `${day} ${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
}

/** A timestamp: the time alone when it is today, else prefixed with "25 Nov". */
export function formatStamp(iso: string | null, now: number): string {
  const ms = isoMs(iso);
  if (!ms) return "—";
  const d = new Date(ms);
  const today = new Date(now);
  const sameDay = d.toDateString() === today.toDateString();
  return sameDay ? formatClock(ms) : `${d.getDate()} ${MONTHS[d.getMonth()]} ${formatClock(ms)}`;
}

/** A compact age: "4s", "3m 12s", "2h 05m", "3d 4h"; "—" when unknown. */
export function formatAge(iso: string | null, now: number): string {
  const ms = isoMs(iso);
  if (!ms) return "—";
  const s = Math.max(0, Math.floor((now - ms) / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${two(s % 60)}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${two(m % 60)}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Seconds since the timestamp, or Infinity when unknown. */
export function ageSeconds(iso: string | null, now: number): number {
  const ms = isoMs(iso);
  return ms ? Math.max(0, (now - ms) / 1000) : Infinity;
}
