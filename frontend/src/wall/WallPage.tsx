import "../styles/wall.css";
import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import { pairedUrl } from "../auth/pairing";
import { useSession } from "../auth/useSession";
import { errorText } from "../api";
import { Clock } from "../common/Clock";
import { LocaleSwitch } from "../common/LocaleSwitch";
import { useI18n } from "../i18n/context";
import { useNow } from "../useNow";
import { PairingScreen } from "./PairingScreen";
import { Wall, WallMessage } from "./Wall";

/** The wall once the display holds a credential; its pairing screen until then and after a 401. */
export function WallPage({ id }: { id: string }) {
  const { session, recheck } = useSession();
  const { t } = useI18n();
  if (session.kind === "signed-in") return <Wall id={id} />;

  const onPaired = (wallId: string | null) => {
    const url = pairedUrl(wallId, id);
    if (url) window.location.assign(url);
    else recheck();
  };
  return (
    <WallShell id={id}>
      {session.kind === "anonymous" ? (
        <PairingScreen onPaired={onPaired} />
      ) : session.kind === "unreachable" ? (
        <WallMessage title={t("wall.unreachable")} detail={t("error.retrying", { error: errorText(session.error, t) })} />
      ) : (
        <WallMessage title={t("wall.loading")} detail={t("wall.waiting")} />
      )}
    </WallShell>
  );
}

function WallShell({ id, children }: { id: string; children: ComponentChildren }) {
  const now = useNow();
  const { t } = useI18n();
  const title = t("wall.titleOf", { id });
  useEffect(() => void (document.title = title), [title]);
  return (
    <div class="wall">
      <header class="wall-header">
        <h1 class="wall-header__title">{title}</h1>
        <span class="wall-header__stats" />
        <Clock now={now} />
        <LocaleSwitch />
      </header>
      {children}
    </div>
  );
}
