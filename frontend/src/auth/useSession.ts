// The page's session: asks "who am I" on mount, follows every 401 of any call, and retries
// while the server is unreachable.

import { useCallback, useEffect, useReducer } from "preact/hooks";
import { ApiError, onUnauthorized } from "../api";
import { getMe, logout, type Me } from "./api";
import { initialSession, nextSession, RECHECK_MS } from "./session";

export function useSession() {
  const [session, send] = useReducer(nextSession, initialSession);

  useEffect(() => onUnauthorized(() => send({ kind: "unauthorized" })), []);

  useEffect(() => {
    if (session.kind === "unreachable") {
      const timer = setTimeout(() => send({ kind: "recheck" }), RECHECK_MS);
      return () => clearTimeout(timer);
    }
    if (session.kind !== "checking") return;
    let current = true;
    getMe().then(
      (me) => current && send({ kind: "me", me }),
      (err: unknown) => {
        if (!current) return;
        if (err instanceof ApiError && err.status === 401) send({ kind: "unauthorized" });
        else send({ kind: "failed", error: err });
      },
    );
    return () => void (current = false);
  }, [session.kind]);

  const signedIn = useCallback((me: Me) => send({ kind: "me", me }), []);
  const recheck = useCallback(() => send({ kind: "recheck" }), []);
  /** Null once logged out; else why the server did not log us out (the login still holds). */
  const signOut = useCallback(async (): Promise<unknown> => {
    try {
      await logout();
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) return err;
    }
    send({ kind: "logged-out" });
    return null;
  }, []);
  return { session, signedIn, signOut, recheck };
}
