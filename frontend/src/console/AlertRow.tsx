import { useEffect, useRef, useState } from "preact/hooks";
import { ackAlert, ApiError, evidenceUrl, type Alert } from "../api";
import { faultLabel, isSensorAlert, severityOf, sourceLabel } from "../faults";
import { formatAge, formatStamp } from "../time";

interface Props {
  alert: Alert;
  now: number;
  /** False for roles that may only watch (the server would answer 403). */
  canAck: boolean;
  onAcked: (alert: Alert) => void;
}

export function AlertRow({ alert, now, canAck, onAcked }: Props) {
  const acked = alert.acked_at !== null;
  const severity = severityOf(alert);
  const sensor = isSensorAlert(alert);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const mounted = useRef(true);
  useEffect(() => () => void (mounted.current = false), []);

  const ack = async () => {
    setPending(true);
    setError(null);
    try {
      const updated = await ackAlert(alert.id);
      if (mounted.current) onAcked(updated);
    } catch (err) {
      if (mounted.current) setError(err instanceof ApiError ? err.detail : String(err));
    } finally {
      if (mounted.current) setPending(false);
    }
  };

  return (
    <tr
      class={`alert-row alert-row--${acked ? "acked" : "new"}`}
      data-testid={`alert-row-${alert.id}`}
      data-camera={alert.camera_id}
      data-subject={sensor ? "sensor" : "camera"}
      data-check={alert.check}
      data-acked={String(acked)}
      data-severity={severity ?? undefined}
    >
      <td class="alert-row__camera">
        <span class="alert-row__name">{alert.camera_name}</span>
        <span class="alert-row__camid">
          {sensor ? `${sourceLabel(alert)} · ` : ""}
          {alert.camera_id}
        </span>
      </td>
      <td>
        <span class={`fault fault--${acked ? "acked" : "new"}`}>{faultLabel(alert.check)}</span>
      </td>
      <td>
        {severity ? <span class={`sev sev--${severity}`}>{severity.toUpperCase()}</span> : <span class="muted">—</span>}
      </td>
      <td class="alert-row__evidence">
        {alert.has_evidence && !sensor ? (
          <a href={evidenceUrl(alert.id)} target="_blank" rel="noopener" title="Open the frame that raised the alert">
            <img class="evidence-thumb" src={evidenceUrl(alert.id)} alt={`Evidence for alert ${alert.id}`} loading="lazy" decoding="async" />
          </a>
        ) : (
          <span class="muted">—</span>
        )}
      </td>
      <td class="num" title={alert.raised_at}>
        {formatStamp(alert.raised_at, now)}
        <span class="muted"> · {formatAge(alert.raised_at, now)} ago</span>
      </td>
      <td class="num" title={alert.last_seen_at}>
        {formatAge(alert.last_seen_at, now)} ago
      </td>
      <td>
        {acked ? (
          <span class="status status--acked">
            ACKED <span class="status__detail">by {alert.acked_by ?? "unknown"} at {formatStamp(alert.acked_at, now)}</span>
          </span>
        ) : (
          <span class="status status--new">NEW</span>
        )}
      </td>
      <td class="alert-row__action">
        {!acked && canAck && (
          <button type="button" class="btn btn--ack" data-testid={`ack-${alert.id}`} disabled={pending} onClick={ack}>
            {pending ? "Acking…" : "Ack"}
          </button>
        )}
        {error && (
          <span class="row-error" role="alert" data-testid={`ack-error-${alert.id}`}>
            {error}
          </span>
        )}
      </td>
    </tr>
  );
}
