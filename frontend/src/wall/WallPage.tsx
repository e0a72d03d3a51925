import type { ComponentChildren } from "preact";
import { useEffect } from "preact/hooks";
import { pairedUrl } from "../auth/pairing";
import { useSession } from "../auth/useSession";
import { Clock } from "../common/Clock";
import { useNow } from "../useNow";
import { PairingScreen } from "./PairingScreen";
import { Wall, WallMessage } from "./Wall";

/** The wall once the display holds a credential; its pairing screen until then and after a 401. */
export function WallPage({ id }: { id: string }) {
  const { session, recheck } = useSession();
  if (session.kind === "signed-in") return <Wall id={id} />;

  const onPaired = (wallId: string | null) => {
    const url = pairedUrl(wallId, id);
    if (url) window.location.assign(url);
    else recheck();
  };
  return (
    <WallShell id={id}>
      {session.kind === "anonymous" ? (
        <PairingScreen onPaired={onPaired} />
      ) : session.kind === "unreachable" ? (
        <WallMessage title="Server unreachable" detail={`${session.error}: trying again…`} />
      ) : (
        <WallMessage title="Loading wall…" detail="Waiting for the server." />
      )}
    </WallShell>
  );
}

function WallShell({ id, children }: { id: string; children: ComponentChildren }) {
  const now = useNow();
  useEffect(() => void (document.title = `Wall ${id}`), [id]);
  return (
    <div class="wall">
      <header class="wall-header">
        <h1 class="wall-header__title">Wall {id}</h1>
        <span class="wall-header__stats" />
        <Clock now={now} />
      </header>
      {children}
    </div>
  );
}
