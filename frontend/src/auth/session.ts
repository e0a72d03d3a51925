// Who is logged in, as seen by a page. Pure: the hook in useSession.ts does the I/O.

import type { Me } from "./api";

/** After a failed "who am I" (server unreachable), ask again this much later. */
export const RECHECK_MS = 5_000;

/** Why the login form is shown again: the login expired or was revoked (login.expired). */
export const EXPIRED_NOTICE = "expired";
export type Notice = typeof EXPIRED_NOTICE;

export type Session =
  | { kind: "checking" }
  | { kind: "anonymous"; notice: Notice | null }
  /** `error`: what failed, shown with `errorText` in the page's language. */
  | { kind: "unreachable"; error: unknown }
  | { kind: "signed-in"; me: Me };

export type SessionEvent =
  /** "Who am I" or a login answered with a user. */
  | { kind: "me"; me: Me }
  /** Any call answered 401. */
  | { kind: "unauthorized" }
  /** "Who am I" failed otherwise (server unreachable, 5xx). */
  | { kind: "failed"; error: unknown }
  | { kind: "logged-out" }
  /** Ask "who am I" again: the server is back, or a paired display now holds its cookie. */
  | { kind: "recheck" };

export const initialSession: Session = { kind: "checking" };

export class IllegalTransition extends Error {}

export function nextSession(session: Session, event: SessionEvent): Session {
  switch (event.kind) {
    case "me":
      return { kind: "signed-in", me: event.me };
    case "unauthorized":
      if (session.kind === "anonymous") return session; // e.g. a stale call of the page just left
      return { kind: "anonymous", notice: session.kind === "signed-in" ? EXPIRED_NOTICE : null };
    case "logged-out":
      return { kind: "anonymous", notice: null };
    case "failed":
      if (session.kind !== "checking") throw new IllegalTransition(`failed while ${session.kind}`);
      return { kind: "unreachable", error: event.error };
    case "recheck":
      if (session.kind === "signed-in" || session.kind === "checking") {
        throw new IllegalTransition(`recheck while ${session.kind}`);
      }
      return { kind: "checking" };
  }
}

/** Roles that may act (acknowledge alerts); viewers and wall displays only watch. */
export function canAct(me: Me): boolean {
  return me.role === "admin" || me.role === "supervisor" || me.role === "dispatcher";
}

export function isAdmin(me: Me): boolean {
  return me.role === "admin";
}
