import { formatClock, formatDate } from "../time";

export function Clock({ now }: { now: number }) {
  return (
    <div class="clock">
      <span class="clock__time">{formatClock(now)}</span>
      <span class="clock__date">{formatDate(now)}</span>
    </div>
  );
}
