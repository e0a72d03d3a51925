import type { Alert } from "../api";
import { faultLabel, severityOf } from "../faults";
import { useI18n } from "../i18n/context";

/**
 * One fault: "画面过暗" / "DARK" coloured by severity (critical red, major orange-red, minor amber;
 * red when the backend sends none), or with "已确认" / "ACK" in amber once acknowledged.
 */
export function FaultChip({ alert }: { alert: Alert }) {
  const i18n = useI18n();
  const acked = alert.acked_at !== null;
  const severity = severityOf(alert);
  const sevClass = !acked && severity ? ` fault--${severity}` : "";
  return (
    <span class={`fault fault--${acked ? "acked" : "new"}${sevClass}`} data-check={alert.check} data-severity={severity ?? undefined}>
      {faultLabel(alert.check, i18n)}
      {acked && (
        <>
          {" "}
          <span class="fault__ack">{i18n.t("fault.acked")}</span>
        </>
      )}
    </span>
  );
}
