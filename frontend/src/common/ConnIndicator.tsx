import { errorText } from "../api";
import type { Translate } from "../i18n";
import { useI18n } from "../i18n/context";
import type { ConnView } from "../sync";

interface Props {
  conn: ConnView;
  /** Only re-renders the countdown each second; the label reads the clock itself (`now` lags by up to 1 s). */
  now: number;
}

function label(conn: ConnView, now: number, t: Translate): string {
  if (conn.state === "live") return t("conn.live");
  if (conn.phase === "syncing") return t("conn.syncing");
  if (conn.phase === "waiting" && conn.retryAt !== null) {
    return t("conn.retryIn", { seconds: Math.max(1, Math.ceil((conn.retryAt - now) / 1000)) });
  }
  return t("conn.connecting");
}

/** Live / reconnecting badge; the test hook is `data-testid="conn"` with data-state live|reconnecting. */
export function ConnIndicator({ conn }: Props) {
  const { t } = useI18n();
  const error = conn.state === "reconnecting" && conn.error != null ? errorText(conn.error, t) : undefined;
  return (
    <div class={`conn conn--${conn.state}`} data-testid="conn" data-state={conn.state} title={error}>
      <span class="conn__dot" aria-hidden="true" />
      <span class="conn__label">{label(conn, Date.now(), t)}</span>
    </div>
  );
}
