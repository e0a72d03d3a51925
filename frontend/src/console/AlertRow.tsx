import { useEffect, useRef, useState } from "preact/hooks";
import { ackAlert, errorText, evidenceUrl, type Alert } from "../api";
import { faultLabel, isSensorAlert, severityOf, sourceLabel } from "../faults";
import { useI18n } from "../i18n/context";

interface Props {
  alert: Alert;
  now: number;
  /** False for roles that may only watch (the server would answer 403). */
  canAck: boolean;
  onAcked: (alert: Alert) => void;
}

export function AlertRow({ alert, now, canAck, onAcked }: Props) {
  const i18n = useI18n();
  const { t, stamp, age } = i18n;
  const acked = alert.acked_at !== null;
  const severity = severityOf(alert);
  const sensor = isSensorAlert(alert);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const mounted = useRef(true);
  useEffect(() => () => void (mounted.current = false), []);

  const ack = async () => {
    setPending(true);
    setError(null);
    try {
      const updated = await ackAlert(alert.id);
      if (mounted.current) onAcked(updated);
    } catch (err) {
      if (mounted.current) setError(err);
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
          {sensor && (
            <>
              {sourceLabel(alert, i18n)}
              {" · "}
            </>
          )}
          {alert.camera_id}
        </span>
      </td>
      <td>
        <span class={`fault fault--${acked ? "acked" : "new"}`}>{faultLabel(alert.check, i18n)}</span>
      </td>
      <td>
        {severity ? <span class={`sev sev--${severity}`}>{t(`severity.${severity}`)}</span> : <span class="muted">—</span>}
      </td>
      <td class="alert-row__evidence">
        {alert.has_evidence && !sensor ? (
          <a href={evidenceUrl(alert.id)} target="_blank" rel="noopener" title={t("alerts.openEvidence")}>
            <img class="evidence-thumb" src={evidenceUrl(alert.id)} alt={t("alerts.evidenceAlt", { id: alert.id })} loading="lazy" decoding="async" />
          </a>
        ) : (
          <span class="muted">—</span>
        )}
      </td>
      <td class="num" title={alert.raised_at}>
        {stamp(alert.raised_at, now)}
        <span class="muted"> · {t("age.ago", { age: age(alert.raised_at, now) })}</span>
      </td>
      <td class="num" title={alert.last_seen_at}>
        {t("age.ago", { age: age(alert.last_seen_at, now) })}
      </td>
      <td>
        {acked ? (
          <span class="status status--acked">
            {t("alerts.acked")}{" "}
            <span class="status__detail">
              {t("alerts.ackedBy", { user: alert.acked_by ?? t("alerts.unknownUser"), time: stamp(alert.acked_at, now) })}
            </span>
          </span>
        ) : (
          <span class="status status--new">{t("alerts.new")}</span>
        )}
      </td>
      <td class="alert-row__action">
        {!acked && canAck && (
          <button type="button" class="btn btn--ack" data-testid={`ack-${alert.id}`} disabled={pending} onClick={ack}>
            {pending ? t("alerts.acking") : t("alerts.ack")}
          </button>
        )}
        {error != null && (
          <span class="row-error" role="alert" data-testid={`ack-error-${alert.id}`}>
            {errorText(error, t)}
          </span>
        )}
      </td>
    </tr>
  );
}
