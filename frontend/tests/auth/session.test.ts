import { describe, expect, it } from "vitest";
import type { Me } from "../../src/auth/api";
import {
  canAct,
  EXPIRED_NOTICE,
  IllegalTransition,
  initialSession,
  isAdmin,
  nextSession,
  type Session,
  type SessionEvent,
} from "../../src/auth/session";

const me = (role: string = "dispatcher"): Me => ({
  username: "ops",
  role,
  area: "city",
  wall_id: null,
  expires_at: "2026-11-26T08:00:00Z",
});
const run = (...events: SessionEvent[]): Session => events.reduce(nextSession, initialSession);

describe("session", () => {
  it("is signed in when who-am-I answers, anonymous without a notice on its 401", () => {
    expect(run({ kind: "me", me: me() })).toEqual({ kind: "signed-in", me: me() });
    expect(run({ kind: "unauthorized" })).toEqual({ kind: "anonymous", notice: null });
  });

  it("a 401 while signed in asks to log in again, saying why", () => {
    const s = run({ kind: "me", me: me() }, { kind: "unauthorized" });
    expect(s).toEqual({ kind: "anonymous", notice: EXPIRED_NOTICE });
  });

  it("a late 401 does not change the login form", () => {
    const s = run({ kind: "unauthorized" });
    expect(nextSession(s, { kind: "unauthorized" })).toBe(s);
  });

  it("logging in and out", () => {
    expect(run({ kind: "unauthorized" }, { kind: "me", me: me() }).kind).toBe("signed-in");
    expect(run({ kind: "me", me: me() }, { kind: "logged-out" })).toEqual({ kind: "anonymous", notice: null });
  });

  it("an unreachable server is asked again, and a paired display asks again", () => {
    const down = run({ kind: "failed", error: "Server unreachable" });
    expect(down).toEqual({ kind: "unreachable", error: "Server unreachable" });
    expect(nextSession(down, { kind: "recheck" })).toEqual({ kind: "checking" });
    expect(run({ kind: "unauthorized" }, { kind: "recheck" })).toEqual({ kind: "checking" });
  });

  it("refuses transitions that cannot happen", () => {
    expect(() => run({ kind: "recheck" })).toThrow(IllegalTransition);
    expect(() => run({ kind: "me", me: me() }, { kind: "failed", error: "x" })).toThrow(IllegalTransition);
  });
});

describe("roles", () => {
  it("only admins, supervisors and dispatchers act; only admins pair displays", () => {
    expect(["admin", "supervisor", "dispatcher", "viewer", "wall"].map((r) => canAct(me(r)))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(isAdmin(me("admin"))).toBe(true);
    expect(isAdmin(me("supervisor"))).toBe(false);
  });
});
