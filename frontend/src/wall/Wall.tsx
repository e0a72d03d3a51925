import { useEffect, useMemo } from "preact/hooks";
import { getActiveAlerts, getCameras, getWall, type Alert } from "../api";
import { alertsByCamera } from "../faults";
import { useI18n } from "../i18n/context";
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
  const { t } = useI18n();
  const wall = state.wall?.kind === "found" ? state.wall.wall : null;
  const byCamera = useMemo(() => alertsByCamera(Object.values(state.alerts)), [state.alerts]);
  const cells = useMemo(() => (wall ? layoutCells(wall) : []), [wall]);

  const title = wall?.name ?? t("wall.titleOf", { id });
  const documentTitle = wall ? t("wall.documentTitle", { name: wall.name }) : title;
  useEffect(() => {
    document.title = documentTitle;
  }, [documentTitle]);

  const stats = wall ? wallStats(cells, state.cameras, byCamera) : null;

  return (
    <div class="wall">
      <WallHeader title={title} stats={stats} conn={conn} now={now} />
      {state.wall?.kind === "unknown" ? (
        <WallMessage title={t("wall.unknown")} detail={t("wall.unknownDetail", { id })} />
      ) : !wall ? (
        <WallMessage title={t("wall.loading")} detail={t("wall.waiting")} />
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
