import type { Alert } from "../api";
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
  return (
    <table class="alerts" data-testid="alerts-table">
      <thead>
        <tr>
          <th>Camera</th>
          <th>Fault</th>
          <th>Severity</th>
          <th>Evidence</th>
          <th>Raised</th>
          <th>Last seen</th>
          <th>Status</th>
          <th class="alert-row__action">Action</th>
        </tr>
      </thead>
      <tbody>
        {alerts.map((alert) => (
          <AlertRow key={alert.id} alert={alert} now={now} canAck={canAck} onAcked={onAcked} />
        ))}
        {alerts.length === 0 && (
          <tr class="alerts__empty">
            <td colSpan={8}>{synced ? "No active alerts — all cameras pass their checks." : "Loading alerts…"}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}
