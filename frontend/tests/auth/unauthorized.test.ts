import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, getCameras, onUnauthorized } from "../../src/api";
import { login } from "../../src/auth/api";

const answer = (status: number, body: unknown) =>
  vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } }));

afterEach(() => vi.unstubAllGlobals());

describe("a 401", () => {
  it("from any call tells the listeners: the login was lost", async () => {
    vi.stubGlobal("fetch", answer(401, { detail: "not logged in, or the login has expired" }));
    const lost = vi.fn();
    const stop = onUnauthorized(lost);
    await expect(getCameras()).rejects.toEqual(new ApiError(401, "not logged in, or the login has expired"));
    stop();
    await expect(getCameras()).rejects.toBeInstanceOf(ApiError);
    expect(lost).toHaveBeenCalledTimes(1);
  });

  it("from a login is a wrong password, shown with the server's words, not a lost login", async () => {
    vi.stubGlobal("fetch", answer(401, { detail: "wrong user name or password" }));
    const lost = vi.fn();
    const stop = onUnauthorized(lost);
    await expect(login("admin", "nope")).rejects.toMatchObject({ detail: "wrong user name or password" });
    stop();
    expect(lost).not.toHaveBeenCalled();
  });
});
