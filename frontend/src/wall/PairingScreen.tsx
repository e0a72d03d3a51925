import { errorText } from "../api";
import { formatCountdown, secondsLeft } from "../auth/pairing";
import { usePairing } from "../auth/usePairing";
import { useI18n } from "../i18n/context";
import { isoMs } from "../time";
import { useNow } from "../useNow";

/** Shown by a display with no credential: a code for an admin to enter in the console. */
export function PairingScreen({ onPaired }: { onPaired: (wallId: string | null) => void }) {
  const pairing = usePairing(onPaired);
  const now = useNow();
  const { t, clock } = useI18n();
  if (pairing.kind !== "waiting") {
    const title = pairing.kind === "paired" ? t("pairing.paired") : t("pairing.starting");
    return (
      <main class="pairing" data-testid="pairing">
        <p class="pairing__instruction">{title}</p>
        {pairing.kind === "starting" && pairing.error != null && (
          <p class="pairing__error">{t("error.retrying", { error: errorText(pairing.error, t) })}</p>
        )}
      </main>
    );
  }
  const left = secondsLeft(pairing.expiresAt, now);
  return (
    <main class="pairing" data-testid="pairing">
      <p class="pairing__lead">{t("pairing.lead")}</p>
      <p class="pairing__code" data-testid="pairing-code" aria-label={t("pairing.codeLabel", { code: pairing.code.split("").join(" ") })}>
        {pairing.code}
      </p>
      <p class="pairing__instruction">
        {t("pairing.instruction")} <strong>{t("pairing.where")}</strong>
      </p>
      <p class="pairing__expiry" data-testid="pairing-expiry">
        {t("pairing.validUntil", { time: clock(isoMs(pairing.expiresAt)) })}
        {" · "}
        {left > 0 ? t("pairing.left", { left: formatCountdown(left) }) : t("pairing.newCodeFollows")}
      </p>
      {pairing.error != null && (
        <p class="pairing__error">{t("error.stillRetrying", { error: errorText(pairing.error, t) })}</p>
      )}
    </main>
  );
}
