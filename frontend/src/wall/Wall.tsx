import { useEffect, useMemo } from "preact/hooks";
import { getActiveAlerts, getCameras, getWall, type Alert } from "../api";
import { alertsByCamera } from "../faults";
import type { Snapshot } from "../state";
import { useLive } from "../useLive";
import { useNow } from "../useNow";
import { layoutCells, wallStats } from "./layout";
import { Ticker } from "./Ticker";
import { EmptyTile, Tile } from "./Tile";
import { WallHeader } from "./WallHeader";

const NO_ALERTS: readonly Alert[] = [];

async function fetchWallSnapshot(id: string): Promise<Snapshot> {
  const [wall, cameras, alerts] = await Promise.all([getWall(id), getCameras(), getActiveAlerts()]);
  return { cameras, alerts, wall: wall ? { kind: "found", wall } : { kind: "unknown" } };
}

export function Wall({ id }: { id: string }) {
  const { state, conn } = useLive(() => fetchWallSnapshot(id));
  const now = useNow();
  const wall = state.wall?.kind === "found" ? state.wall.wall : null;
  const byCamera = useMemo(() => alertsByCamera(Object.values(state.alerts)), [state.alerts]);
  const cells = useMemo(() => (wall ? layoutCells(wall) : []), [wall]);

  useEffect(() => {
    document.title = wall ? `${wall.name} · Video wall` : `Wall ${id}`;
  }, [wall, id]);

  const stats = wall ? wallStats(cells, state.cameras, byCamera) : null;

  return (
    <div class="wall">
      <WallHeader title={wall?.name ?? `Wall ${id}`} stats={stats} conn={conn} now={now} />
      {state.wall?.kind === "unknown" ? (
        <WallMessage title="Unknown wall" detail={`No wall with id “${id}” is configured.`} />
      ) : !wall ? (
        <WallMessage title="Loading wall…" detail="Waiting for the server." />
      ) : (
        <main class="wall-grid" style={{ "--rows": wall.rows, "--cols": wall.cols }}>
          {cells.map((cameraId, i) =>
            cameraId === null ? (
              <EmptyTile key={`empty-${i}`} index={i} />
            ) : (
              <Tile
                key={`${i}-${cameraId}`}
                cameraId={cameraId}
                camera={state.cameras[cameraId]}
                alerts={byCamera.get(cameraId) ?? NO_ALERTS}
                now={now}
              />
            ),
          )}
        </main>
      )}
      <Ticker entries={state.ticker} now={now} />
    </div>
  );
}

export function WallMessage({ title, detail }: { title: string; detail: string }) {
  return (
    <main class="wall-message" data-testid="wall-message">
      <p class="wall-message__title">{title}</p>
      <p class="wall-message__detail">{detail}</p>
    </main>
  );
}
