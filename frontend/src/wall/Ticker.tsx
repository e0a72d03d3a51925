import { faultLabel } from "../faults";
import type { TickerEntry, TickerKind } from "../state";
import { formatStamp } from "../time";

/** Lines rendered; the strip's height shows as many as fit, newest on top. */
export const TICKER_LINES = 8;

const KIND_LABEL: Record<TickerKind, string> = { raised: "RAISED", acked: "ACKED", cleared: "CLEARED" };

interface Props {
  entries: readonly TickerEntry[];
  now: number;
}

export function Ticker({ entries, now }: Props) {
  return (
    <section class="ticker" data-testid="ticker" aria-label="Latest alert events">
      <h2 class="ticker__title">Alert events</h2>
      {entries.length === 0 ? (
        <p class="ticker__empty">No alert events</p>
      ) : (
        <ol class="ticker__list">
          {entries.slice(0, TICKER_LINES).map((e) => (
            <li key={e.key} class={`ticker__item ticker__item--${e.kind}`} data-kind={e.kind}>
              <span class="ticker__time">{formatStamp(e.at, now)}</span>
              <span class="ticker__kind">{KIND_LABEL[e.kind]}</span>
              <span class="ticker__camera">
                {e.cameraName} <span class="ticker__camid">{e.cameraId}</span>
              </span>
              <span class="ticker__fault">{faultLabel(e.check)}</span>
              {e.by && <span class="ticker__by">by {e.by}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
