// REST calls for logging in and pairing wall displays. The session is an HttpOnly cookie the
// server sets, so the page never holds a token: same-origin calls and the websocket carry it.

import { request, type WallInfo } from "../api";

export type { Me, PairingClaim, PairingStarted, Role } from "../api/types";
import type { Me, PairingClaim, PairingStarted } from "../api/types";

const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

export function getMe(): Promise<Me> {
  return request<Me>("/api/auth/me", { expect401: true });
}

/** The answer also holds a bearer token, for API clients; the page relies on the cookie. */
export function login(username: string, password: string): Promise<Me> {
  return request<Me>("/api/auth/login", { ...json({ username, password }), expect401: true });
}

export function logout(): Promise<void> {
  return request<void>("/api/auth/logout", { method: "POST", expect401: true });
}

export function listWalls(): Promise<WallInfo[]> {
  return request<WallInfo[]>("/api/walls");
}

export function startPairing(): Promise<PairingStarted> {
  return request<PairingStarted>("/api/walls/pairings", { method: "POST" });
}

export function claimPairing(secret: string): Promise<PairingClaim> {
  return request<PairingClaim>("/api/walls/pairings/claim", json({ secret }));
}

/** An admin binds the display showing `code` to the wall. */
export function pairDisplay(wallId: string, code: string): Promise<void> {
  return request<void>(`/api/walls/${encodeURIComponent(wallId)}/pair`, json({ code }));
}
