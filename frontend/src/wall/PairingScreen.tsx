import { usePairing } from "../auth/usePairing";
import { formatCountdown, secondsLeft } from "../auth/pairing";
import { useNow } from "../useNow";
import { formatClock, isoMs } from "../time";

/** Shown by a display with no credential: a code for an admin to enter in the console. */
export function PairingScreen({ onPaired }: { onPaired: (wallId: string | null) => void }) {
  const pairing = usePairing(onPaired);
  const now = useNow();
  if (pairing.kind !== "waiting") {
    const title = pairing.kind === "paired" ? "Paired" : "Getting a pairing code…";
    return (
      <main class="pairing" data-testid="pairing">
        <p class="pairing__instruction">{title}</p>
        {pairing.kind === "starting" && pairing.error && <p class="pairing__error">{pairing.error}: trying again…</p>}
      </main>
    );
  }
  const left = secondsLeft(pairing.expiresAt, now);
  return (
    <main class="pairing" data-testid="pairing">
      <p class="pairing__lead">Pair this display</p>
      <p class="pairing__code" data-testid="pairing-code" aria-label={`Pairing code ${pairing.code.split("").join(" ")}`}>
        {pairing.code}
      </p>
      <p class="pairing__instruction">
        An administrator enters this code in the console: <strong>Walls → Pair a display</strong>
      </p>
      <p class="pairing__expiry" data-testid="pairing-expiry">
        Valid until {formatClock(isoMs(pairing.expiresAt))}
        {left > 0 ? ` · ${formatCountdown(left)} left` : " · a new code follows"}
      </p>
      {pairing.error && <p class="pairing__error">{pairing.error}: still trying…</p>}
    </main>
  );
}
