import { useI18n } from "../i18n/context";

export function Clock({ now }: { now: number }) {
  const { clock, date } = useI18n();
  return (
    <div class="clock">
      <span class="clock__time">{clock(now)}</span>
      <span class="clock__date">{date(now)}</span>
    </div>
  );
}
