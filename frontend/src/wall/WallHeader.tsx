import { Clock } from "../common/Clock";
import { ConnIndicator } from "../common/ConnIndicator";
import { LocaleSwitch } from "../common/LocaleSwitch";
import { useI18n } from "../i18n/context";
import type { ConnView } from "../sync";
import type { WallStats } from "./layout";


interface Props {
  title: string;
  /** Null until the wall's layout is known (the counts would read 0/0). */
  stats: WallStats | null;
  conn: ConnView;
  now: number;
}

export function WallHeader({ title, stats, conn, now }: Props) {
  return (
    <header class="wall-header">
      <h1 class="wall-header__title">{title}</h1>
      <div class="wall-header__stats">{stats && <Stats {...stats} />}</div>
      <Clock now={now} />
      <ConnIndicator conn={conn} now={now} />
      <LocaleSwitch />
    </header>
  );
}

function Stats({ online, total, alerts, unacked }: WallStats) {
  const { t, plural, number } = useI18n();
  const tone = unacked ? " stat--alert" : alerts ? " stat--acked" : "";
  return (
    <>
      <span class="stat">
        <span class="stat__value">
          {number(online)}/{number(total)}
        </span>{" "}
        {t("wall.online")}
      </span>
      <span class={`stat${tone}`}>
        <span class="stat__value">{number(alerts)}</span> {plural("wall.alerts", alerts)}
        {unacked > 0 && <> {t("wall.unackedCount", { count: unacked })}</>}
      </span>
    </>
  );
}
