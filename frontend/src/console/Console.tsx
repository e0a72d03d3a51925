import { useEffect, useMemo } from "preact/hooks";
import { getActiveAlerts, getCameras, type Alert } from "../api";
import type { Me } from "../auth/api";
import { canAct, isAdmin } from "../auth/session";
import { Clock } from "../common/Clock";
import { ConnIndicator } from "../common/ConnIndicator";
import { LocaleSwitch } from "../common/LocaleSwitch";
import { useI18n } from "../i18n/context";
import { newestAlertFirst } from "../faults";
import type { Snapshot } from "../state";
import { useLive } from "../useLive";
import { useNow } from "../useNow";
import { AlertTable } from "./AlertTable";
import { PairPanel } from "./PairPanel";
import { Summary } from "./Summary";
import { UserMenu } from "./UserMenu";

async function fetchConsoleSnapshot(): Promise<Snapshot> {
  const [cameras, alerts] = await Promise.all([getCameras(), getActiveAlerts()]);
  return { cameras, alerts };
}

interface Props {
  me: Me;
  onSignOut: () => Promise<unknown>;
}

export function Console({ me, onSignOut }: Props) {
  const { state, conn, dispatch } = useLive(fetchConsoleSnapshot);
  const now = useNow();
  const { t } = useI18n();
  const alerts = useMemo(() => Object.values(state.alerts).sort(newestAlertFirst), [state.alerts]);
  const cameras = useMemo(() => Object.values(state.cameras), [state.cameras]);
  const unacked = alerts.filter((a) => a.acked_at === null).length;
  const onAcked = (alert: Alert) => dispatch({ kind: "alert", alert });

  const title = unacked ? t("console.titleUnacked", { count: unacked }) : t("console.title");
  useEffect(() => {
    document.title = title;
  }, [title]);

  return (
    <div class="console">
      <header class="console-header">
        <h1 class="console-header__title">{t("console.title")}</h1>
        <Clock now={now} />
        <ConnIndicator conn={conn} now={now} />
        <LocaleSwitch />
        <UserMenu me={me} onSignOut={onSignOut} />
      </header>
      <Summary alerts={alerts} cameras={cameras} />
      <main class="console-main">
        <h2 class="section-title">{t("console.activeAlerts")}</h2>
        <AlertTable alerts={alerts} synced={state.synced} now={now} canAck={canAct(me)} onAcked={onAcked} />
        {isAdmin(me) && (
          <section class="console-section" aria-labelledby="walls-title">
            <h2 class="section-title" id="walls-title">{t("console.walls")}</h2>
            <PairPanel />
          </section>
        )}
      </main>
    </div>
  );
}
