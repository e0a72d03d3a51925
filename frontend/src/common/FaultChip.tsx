import type { Alert } from "../api";
import { faultLabel } from "../faults";

/** One fault: "DARK" in red, or "DARK ACK" in amber once acknowledged. */
export function FaultChip({ alert }: { alert: Alert }) {
  const acked = alert.acked_at !== null;
  return (
    <span class={`fault fault--${acked ? "acked" : "new"}`} data-check={alert.check}>
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
