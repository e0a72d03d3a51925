// Runs the pairing machine of pairing.ts: one request at a time, stopped on unmount.

import { useEffect, useState } from "preact/hooks";
import { claimPairing, startPairing } from "./api";
import {
  claimEvent,
  initialPairing,
  step,
  type PairingEffect,
  type PairingEvent,
  type PairingState,
  type Transition,
} from "./pairing";

async function perform(effect: Exclude<PairingEffect, { kind: "open" }>): Promise<PairingEvent> {
  if (effect.kind === "start") {
    try {
      const p = await startPairing();
      return { kind: "started", code: p.code, secret: p.secret, expiresAt: p.expires_at };
    } catch (error) {
      return { kind: "start-failed", error };
    }
  }
  try {
    return claimEvent({ answer: await claimPairing(effect.secret) });
  } catch (error) {
    return claimEvent({ error });
  }
}

/** `onPaired` is read once, when the component mounts. */
export function usePairing(onPaired: (wallId: string | null) => void): PairingState {
  const [view, setView] = useState<PairingState>(initialPairing.state);
  useEffect(() => {
    let state = initialPairing.state;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const apply = ({ state: next, effects }: Transition) => {
      state = next;
      setView(next);
      for (const effect of effects) {
        if (effect.kind === "open") onPaired(effect.wallId);
        else timer = setTimeout(() => void perform(effect).then((e) => stopped || apply(step(state, e))), effect.delayMs);
      }
    };
    apply(initialPairing);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, []);
  return view;
}
