import { faultLabel } from "../faults";
import { useI18n } from "../i18n/context";
import type { TickerEntry } from "../state";

/** Lines rendered; the strip's height shows as many as fit, newest on top. */
export const TICKER_LINES = 8;

interface Props {
  entries: readonly TickerEntry[];
  now: number;
}

export function Ticker({ entries, now }: Props) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <section class="ticker" data-testid="ticker" aria-label={t("ticker.label")}>
      <h2 class="ticker__title">{t("ticker.title")}</h2>
      {entries.length === 0 ? (
        <p class="ticker__empty">{t("ticker.empty")}</p>
      ) : (
        <ol class="ticker__list">
          {entries.slice(0, TICKER_LINES).map((e) => (
            <li key={e.key} class={`ticker__item ticker__item--${e.kind}`} data-kind={e.kind}>
              <span class="ticker__time">{i18n.stamp(e.at, now)}</span>
              <span class="ticker__kind">{t(`ticker.${e.kind}`)}</span>
              <span class="ticker__camera">
                {e.cameraName} <span class="ticker__camid">{e.cameraId}</span>
              </span>
              <span class="ticker__fault">{faultLabel(e.check, i18n)}</span>
              {e.by && <span class="ticker__by">{t("ticker.by", { user: e.by })}</span>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
