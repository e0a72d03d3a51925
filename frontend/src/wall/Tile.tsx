import { Fragment } from "preact";
import { snapshotUrl, type Alert, type Camera, type CameraState } from "../api";
import type { Translate } from "../i18n";
import { FaultChip } from "../common/FaultChip";
import { useI18n } from "../i18n/context";
import { ageSeconds } from "../time";
import { noSignalDetail, tileState } from "./layout";
import { regionBoxes } from "./regions";
import { useSnapshot, type LoadedSnapshot } from "./useSnapshot";

/** Samples come every 2 s (config/demo.yaml); one older than 10 s (5 missed) shows its age in amber. */
export const STALE_AFTER_S = 10;

interface Props {
  cameraId: string;
  camera: Camera | undefined;
  alerts: readonly Alert[];
  now: number;
}

export function Tile({ cameraId, camera, alerts, now }: Props) {
  const { t, age } = useI18n();
  const state = tileState(camera, alerts);
  const sampleAt = camera?.last_sample_at ?? null;
  const snapshot = useSnapshot(sampleAt ? snapshotUrl(cameraId, sampleAt) : null);
  const showImage = snapshot !== null && camera?.state !== "offline" && camera?.state !== "error";
  const stale = ageSeconds(sampleAt, now) > STALE_AFTER_S;
  return (
    <div class={`tile tile--${state}`} data-testid={`tile-${cameraId}`} data-state={state}>
      {showImage ? (
        <>
          <img class="tile__image" src={snapshot.url} alt={camera?.name ?? cameraId} draggable={false} />
          <Regions snapshot={snapshot} alerts={alerts} />
        </>
      ) : (
        <NoSignal camera={camera} />
      )}
      {alerts.length > 0 && (
        <div class="tile__badges" data-testid={`badge-${cameraId}`}>
          {alerts.map((alert, i) => (
            <Fragment key={alert.id}>
              {i > 0 && " "}
              <FaultChip alert={alert} />
            </Fragment>
          ))}
        </div>
      )}
      <div class="tile__label">
        <span class={`dot dot--${camera?.state ?? "unknown"}`} title={stateName(camera, t)} />
        <span class="tile__name">{camera?.name ?? t("tile.unknownCamera")}</span>
        <span class="tile__id">{cameraId}</span>
        <span class={`tile__age${stale ? " tile__age--stale" : ""}`} title={t("tile.sampleAge")}>
          {age(sampleAt, now)}
        </span>
      </div>
      <div class="tile__frame" aria-hidden="true" />
    </div>
  );
}

/**
 * Boxes over the parts of the frame the alerts point at. The SVG covers the tile and its viewBox is
 * the snapshot's size with "xMidYMid meet", which places it exactly like the image's
 * `object-fit: contain`, so the boxes stay on the picture whatever the tile's shape.
 */
function Regions({ snapshot, alerts }: { snapshot: LoadedSnapshot; alerts: readonly Alert[] }) {
  const { width, height } = snapshot;
  const boxes = regionBoxes(alerts, width, height);
  if (!boxes.length) return null;
  return (
    <svg class="tile__regions" viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="xMidYMid meet" aria-hidden="true">
      {boxes.map(({ alertId, acked, rect }) => (
        <rect
          key={alertId}
          class={`tile__region tile__region--${acked ? "acked" : "new"}`}
          data-alert={alertId}
          x={rect.x}
          y={rect.y}
          width={rect.width}
          height={rect.height}
          vector-effect="non-scaling-stroke"
        />
      ))}
    </svg>
  );
}

const STATES: ReadonlySet<string> = new Set<CameraState>(["connecting", "online", "degraded", "offline", "error"]);

/** 在线 / online ... for the status dot's tooltip; a state from a newer server as sent. */
function stateName(camera: Camera | undefined, t: Translate): string {
  if (!camera) return t("camera.state.unknown");
  return STATES.has(camera.state) ? t(`camera.state.${camera.state as CameraState}`) : camera.state;
}

function NoSignal({ camera }: { camera: Camera | undefined }) {
  const { t } = useI18n();
  const detail = noSignalDetail(camera, t);
  return (
    <div class="tile__nosignal">
      <span class="tile__nosignal-title">{t("tile.noSignal")}</span>
      <span class="tile__nosignal-detail">{detail}</span>
    </div>
  );
}

export function EmptyTile({ index }: { index: number }) {
  return (
    <div class="tile tile--empty" data-testid={`tile-empty-${index}`} data-state="empty">
      <span class="tile__empty-label">{index + 1}</span>
    </div>
  );
}
