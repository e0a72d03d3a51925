import { Fragment } from "preact";
import { snapshotUrl, type Alert, type Camera } from "../api";
import { FaultChip } from "../common/FaultChip";
import { ageSeconds, formatAge } from "../time";
import { tileState } from "./layout";
import { useSnapshot } from "./useSnapshot";

/** Samples come every 2 s (config/demo.yaml); one older than 10 s (5 missed) shows its age in amber. */
export const STALE_AFTER_S = 10;

interface Props {
  cameraId: string;
  camera: Camera | undefined;
  alerts: readonly Alert[];
  now: number;
}

export function Tile({ cameraId, camera, alerts, now }: Props) {
  const state = tileState(camera, alerts);
  const sampleAt = camera?.last_sample_at ?? null;
  const src = useSnapshot(sampleAt ? snapshotUrl(cameraId, sampleAt) : null);
  const showImage = src !== null && camera?.state !== "offline";
  const stale = ageSeconds(sampleAt, now) > STALE_AFTER_S;
  return (
    <div class={`tile tile--${state}`} data-testid={`tile-${cameraId}`} data-state={state}>
      {showImage ? (
        <img class="tile__image" src={src ?? undefined} alt={camera?.name ?? cameraId} draggable={false} />
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
        <span class={`dot dot--${camera?.state ?? "unknown"}`} title={camera?.state ?? "unknown camera"} />
        <span class="tile__name">{camera?.name ?? "Unknown camera"}</span>
        <span class="tile__id">{cameraId}</span>
        <span class={`tile__age${stale ? " tile__age--stale" : ""}`} title="Time since the last sample">
          {formatAge(sampleAt, now)}
        </span>
      </div>
      <div class="tile__frame" aria-hidden="true" />
    </div>
  );
}

function NoSignal({ camera }: { camera: Camera | undefined }) {
  const detail = !camera ? "camera not configured" : camera.state === "offline" ? "camera offline" : camera.state === "online" ? "no snapshot yet" : "connecting…";
  return (
    <div class="tile__nosignal">
      <span class="tile__nosignal-title">NO SIGNAL</span>
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
