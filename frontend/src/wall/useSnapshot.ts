import { useEffect, useState } from "preact/hooks";

/**
 * Preloads each new snapshot URL off screen and returns the newest one that loaded, so a tile keeps
 * its last picture while the next loads (no flicker) and after a failed load. Null until one loads.
 */
export function useSnapshot(url: string | null): string | null {
  const [shown, setShown] = useState<string | null>(null);
  useEffect(() => {
    if (url === null) {
      setShown(null);
      return;
    }
    let current = true;
    const img = new Image();
    img.decoding = "async";
    img.onload = () => current && setShown(url);
    img.src = url;
    return () => {
      current = false;
      img.onload = null;
    };
  }, [url]);
  return shown;
}
