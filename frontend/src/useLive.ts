// The hook both pages use: live state plus the connection indicator's view.

import { useEffect, useReducer, useState } from "preact/hooks";
import { liveUrl } from "./live";
import { initialState, reduce, type Snapshot } from "./state";
import { startSync, type ConnView } from "./sync";

const CONNECTING: ConnView = { state: "reconnecting", phase: "connecting", retryAt: null, error: null };

/** `fetchSnapshot` is read once, when the page mounts. */
export function useLive(fetchSnapshot: () => Promise<Snapshot>) {
  const [state, dispatch] = useReducer(reduce, initialState);
  const [conn, setConn] = useState<ConnView>(CONNECTING);
  useEffect(() => startSync({ url: liveUrl(), fetchSnapshot, dispatch, onConn: setConn }), []);
  return { state, conn, dispatch };
}
