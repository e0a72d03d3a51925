import type { Alert } from "../api";
import { faultLabel, severityOf } from "../faults";

/**
 * One fault: "COVERED" coloured by severity (critical red, major orange-red, minor amber; red when
 * the backend sends none), or "COVERED ACK" in amber once acknowledged.
 */
export function FaultChip({ alert }: { alert: Alert }) {
  const acked = alert.acked_at !== null;
  const severity = severityOf(alert);
  const sevClass = !acked && severity ? ` fault--${severity}` : "";
  return (
    <span class={`fault fault--${acked ? "acked" : "new"}${sevClass}`} data-check={alert.check} data-severity={severity ?? undefined}>
      {faultLabel(alert.check)}
      {acked && (
        <>
          {" "}
          <span class="fault__ack">ACK</span>
        </>
      )}
    </span>
  );
}
