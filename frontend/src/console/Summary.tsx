import type { Alert, Camera } from "../api";
import { useI18n } from "../i18n/context";

interface Props {
  alerts: readonly Alert[];
  cameras: readonly Camera[];
}

export function Summary({ alerts, cameras }: Props) {
  const { t } = useI18n();
  const unacked = alerts.filter((a) => a.acked_at === null).length;
  const count = (state: string) => cameras.filter((c) => c.state === state).length;
  const offline = count("offline");
  const online = count("online") + count("degraded");
  const errors = count("error");
  const other = cameras.length - online - offline - errors;
  return (
    <div class="summary" data-testid="summary">
      <Card label={t("summary.active")} value={alerts.length} tone={alerts.length ? "acked" : "ok"} testid="summary-active" />
      <Card label={t("summary.unacked")} value={unacked} tone={unacked ? "alert" : "ok"} testid="summary-unacked" />
      <Card label={t("summary.online")} value={online} tone="ok" testid="summary-online" />
      <Card label={t("summary.offline")} value={offline} tone={offline ? "offline" : "ok"} testid="summary-offline" />
      {errors > 0 && <Card label={t("summary.error")} value={errors} tone="alert" testid="summary-error" />}
      {other > 0 && <Card label={t("summary.connecting")} value={other} tone="neutral" testid="summary-connecting" />}
    </div>
  );
}

interface CardProps {
  label: string;
  value: number;
  tone: "ok" | "alert" | "acked" | "offline" | "neutral";
  testid: string;
}

function Card({ label, value, tone, testid }: CardProps) {
  const { number } = useI18n();
  return (
    <div class={`card card--${tone}`} data-testid={testid}>
      <span class="card__value">{number(value)}</span>
      <span class="card__label">{label}</span>
    </div>
  );
}
