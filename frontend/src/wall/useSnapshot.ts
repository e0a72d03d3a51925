import { useEffect, useState } from "preact/hooks";

/** A loaded snapshot: its URL and its size in pixels (0 if the browser did not report one). */
export interface LoadedSnapshot {
  url: string;
  width: number;
  height: number;
}

/**
 * Preloads each new snapshot URL off screen and returns the newest one that loaded, so a tile keeps
 * its last picture while the next loads (no flicker) and after a failed load. Null until one loads.
 */
export function useSnapshot(url: string | null): LoadedSnapshot | null {
  const [shown, setShown] = useState<LoadedSnapshot | null>(null);
  useEffect(() => {
    if (url === null) {
      setShown(null);
      return;
    }
    let current = true;
    const img = new Image();
    img.decoding = "async";
    img.onload = () => current && setShown({ url, width: img.naturalWidth, height: img.naturalHeight });
    img.src = url;
    return () => {
      current = false;
      img.onload = null;
    };
  }, [url]);
  return shown;
}
