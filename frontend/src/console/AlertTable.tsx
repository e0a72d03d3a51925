import type { Alert } from "../api";
import { useI18n } from "../i18n/context";
import { AlertRow } from "./AlertRow";

interface Props {
  alerts: readonly Alert[];
  synced: boolean;
  now: number;
  canAck: boolean;
  onAcked: (alert: Alert) => void;
}

/** Active alerts, newest first (the caller sorts). */
export function AlertTable({ alerts, synced, now, canAck, onAcked }: Props) {
  const { t } = useI18n();
  return (
    <table class="alerts" data-testid="alerts-table">
      <thead>
        <tr>
          <th>{t("alerts.camera")}</th>
          <th>{t("alerts.fault")}</th>
          <th>{t("alerts.severity")}</th>
          <th>{t("alerts.evidence")}</th>
          <th>{t("alerts.raised")}</th>
          <th>{t("alerts.lastSeen")}</th>
          <th>{t("alerts.status")}</th>
          <th class="alert-row__action">{t("alerts.action")}</th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((alert) => (
          <AlertRow key={alert.id} alert={alert} now={now} canAck={canAck} onAcked={onAcked} />
        ))}
        {alerts.length === 0 && (
          <tr class="alerts__empty">
            <td colSpan={8}>{synced ? t("alerts.none") : t("alerts.loading")}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
