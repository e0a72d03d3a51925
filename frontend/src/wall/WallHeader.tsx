import { Clock } from "../common/Clock";
import { ConnIndicator } from "../common/ConnIndicator";
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
    </header>
  );
}

function Stats({ online, total, alerts, unacked }: WallStats) {
  const tone = unacked ? " stat--alert" : alerts ? " stat--acked" : "";
  return (
    <>
      <span class="stat">
        <span class="stat__value">
          {online}/{total}
        </span>{" "}
        online
      </span>
      <span class={`stat${tone}`}>
        <span class="stat__value">{alerts}</span> {alerts === 1 ? "alert" : "alerts"}
        {unacked > 0 && <> ({unacked} new)</>}
      </span>
    </>
  );
}
