// @vitest-environment happy-dom
// The wall and the console rendered in both languages with every kind of camera, alert and
// connection state: each text shown must come from the catalogue, or be data.

import { render, type ComponentChildren } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Alert, Camera, WallInfo } from "../../src/api";
import type { Me } from "../../src/auth/api";
import { ConnIndicator } from "../../src/common/ConnIndicator";
import { ConsolePage } from "../../src/console/ConsolePage";
import { AlertTable } from "../../src/console/AlertTable";
import { LOCALES, makeI18n, type Locale } from "../../src/i18n";
import { I18nProvider } from "../../src/i18n/context";
import { Index } from "../../src/Index";
import { WallPage } from "../../src/wall/WallPage";
import { alert, camera } from "../fixtures";
import { problemsIn, textChecker } from "./textCheck";

const NOW = Date.now();
const iso = (agoMs: number) => new Date(NOW - agoMs).toISOString();
const YESTERDAY = iso(26 * 3600_000);

const CAMERAS: Camera[] = [
  camera({ id: "cam-1", name: "North gate", last_sample_at: iso(3_000) }),
  camera({ id: "cam-2", name: "Market square", last_sample_at: iso(200_000) }),
  camera({ id: "cam-3", name: "Bridge east", state: "offline", failure: "timeout", last_sample_at: null }),
  camera({ id: "cam-4", name: "Depot", state: "error", failure: "auth", last_sample_at: null }),
  camera({ id: "cam-5", name: "School lane", state: "connecting", last_sample_at: null }),
  camera({ id: "cam-6", name: "Harbour", state: "degraded", last_sample_at: null }),
  camera({ id: "cam-7", name: "Tunnel", state: "offline", failure: "tls_handshake", last_sample_at: null }),
];
const WALL: WallInfo = { id: "main", name: "Main wall", rows: 3, cols: 3, cameras: [...CAMERAS.map((c) => c.id), "cam-9"] };
const ALERTS: Alert[] = [
  alert({ id: 1, camera_id: "cam-2", camera_name: "Market square", check: "dark", severity: "critical", raised_at: iso(300_000), last_seen_at: iso(2_000), region: [0.1, 0.1, 0.3, 0.3], has_evidence: true }),
  alert({ id: 2, camera_id: "cam-2", camera_name: "Market square", check: "frozen", severity: "major", raised_at: YESTERDAY, last_seen_at: iso(9_000_000), acked_at: iso(60_000), acked_by: "ana" }),
  alert({ id: 3, subject: "sensor", camera_id: "water-1", camera_name: "River gauge", check: "sensor_high", severity: "minor", raised_at: iso(4_000_000) }),
  alert({ id: 4, camera_id: "cam-3", camera_name: "Bridge east", check: "lens_fog", raised_at: iso(400_000_000) }),
  alert({ id: 5, camera_id: "cam-5", camera_name: "School lane", check: "scene_change", acked_at: iso(5_000), acked_by: null }),
];
const ADMIN: Me = { username: "ana", role: "admin", area: "3301", wall_id: null, expires_at: iso(-3600_000) };

/** What is data on these screens: the fixture's names and ids, the server's words, and Intl's dates. */
function data(locale: Locale): string[] {
  const i18n = makeI18n(locale);
  const times = [...ALERTS.flatMap((a) => [a.raised_at, a.last_seen_at, a.acked_at]), ...CAMERAS.map((c) => c.last_sample_at)];
  return [
    ...CAMERAS.flatMap((c) => [c.id, c.name]),
    ...ALERTS.flatMap((a) => [a.camera_id, a.camera_name]),
    WALL.id, WALL.name, "cam-9", ADMIN.username, "tls handshake", "K7PQ2M", "K 7 P Q 2 M",
    ...times.flatMap((t) => (t ? [t, i18n.stamp(t, Date.now())] : [])),
    i18n.date(Date.now()),
    "lens fog", "LENS FOG",
  ];
}

type Reply = { status: number; body: unknown };

function stubServer(routes: Record<string, Reply>) {
  vi.stubGlobal("fetch", async (input: string) => {
    const path = String(input);
    const reply = routes[path] ?? { status: 404, body: { detail: `no route ${path}` } };
    return new Response(JSON.stringify(reply.body), { status: reply.status, headers: { "Content-Type": "application/json" } });
  });
}

/** A websocket that opens at once and then stays quiet. */
class QuietSocket {
  static OPEN = 1;
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: unknown = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    setTimeout(() => {
      this.readyState = 1;
      this.onopen?.();
    }, 0);
  }
  send() {}
  close() {
    this.readyState = 3;
  }
}

const SIGNED_IN: Record<string, Reply> = {
  "/api/auth/me": { status: 200, body: ADMIN },
  "/api/cameras": { status: 200, body: CAMERAS },
  "/api/alerts?active=true": { status: 200, body: ALERTS },
  "/api/walls/main": { status: 200, body: WALL },
  "/api/walls": { status: 200, body: [WALL] },
};

let root: HTMLElement;

beforeEach(() => {
  root = document.createElement("div");
  document.body.appendChild(root);
  vi.stubGlobal("WebSocket", QuietSocket);
});

afterEach(() => {
  render(null, root);
  root.remove();
  vi.unstubAllGlobals();
});

async function show(locale: Locale, page: ComponentChildren, ready: () => boolean) {
  await act(() => render(<I18nProvider initial={locale}>{page}</I18nProvider>, root));
  await vi.waitFor(() => expect(ready()).toBe(true), { timeout: 3_000 });
  await act(() => new Promise((r) => setTimeout(r, 150))); // the live feed's batch, the clock
}

function expectAllFromCatalogue(locale: Locale) {
  const checker = textChecker(locale, data(locale));
  const problems = problemsIn(root, checker);
  const title = checker.problem(document.title);
  expect(title ? [...problems, `document.title ${title}`] : problems).toEqual([]);
}

const found = (testid: string) => () => root.querySelector(`[data-testid="${testid}"]`) !== null;

describe.each(LOCALES)("every text shown in %s is from the catalogue or data", (locale) => {
  it("the wall, with tiles in every state, badges and the ticker", async () => {
    stubServer(SIGNED_IN);
    await show(locale, <WallPage id="main" />, () => found("tile-cam-7")() && found("badge-cam-2")() && !!root.querySelector(".ticker__item"));
    expect(root.querySelector('[data-testid="conn"]')?.getAttribute("data-state")).toBe("live");
    const { t } = makeI18n(locale);
    for (const shown of [t("tile.noSignal"), t("fault.dark"), t("fault.frozen"), t("ticker.raised"), t("conn.live")]) {
      expect(root.textContent).toContain(shown);
    }
    expectAllFromCatalogue(locale);
  });

  it("an unknown wall", async () => {
    stubServer({ ...SIGNED_IN, "/api/walls/main": { status: 404, body: { detail: "unknown wall" } } });
    await show(locale, <WallPage id="main" />, found("wall-message"));
    expectAllFromCatalogue(locale);
  });

  it("a display waiting to be paired", async () => {
    stubServer({
      "/api/auth/me": { status: 401, body: { detail: "not authenticated" } },
      "/api/walls/pairings": { status: 201, body: { code: "K7PQ2M", secret: "s", expires_at: iso(-300_000) } },
      "/api/walls/pairings/claim": { status: 200, body: { paired: false } },
    });
    await show(locale, <WallPage id="main" />, found("pairing-code"));
    expectAllFromCatalogue(locale);
  });

  it("the console, with camera and sensor alerts, new and acknowledged, and the pairing panel", async () => {
    stubServer(SIGNED_IN);
    await show(locale, <ConsolePage />, () => found("alert-row-5")() && !!root.querySelector("#pair-wall option"));
    expectAllFromCatalogue(locale);
  });

  it("the login form, and a wrong password", async () => {
    stubServer({
      "/api/auth/me": { status: 401, body: { detail: "not authenticated" } },
      "/api/auth/login": { status: 401, body: { detail: "wrong user name or password" } },
    });
    await show(locale, <ConsolePage />, found("login-form"));
    expectAllFromCatalogue(locale);
    await act(() => void root.querySelector("form")!.dispatchEvent(new Event("submit", { cancelable: true })));
    await vi.waitFor(() => expect(found("login-error")()).toBe(true));
    expectAllFromCatalogue(locale);
  });

  it("the server unreachable", async () => {
    vi.stubGlobal("fetch", async () => Promise.reject(new TypeError("Failed to fetch")));
    await show(locale, <ConsolePage />, () => !!root.querySelector(".form-error"));
    expectAllFromCatalogue(locale);
  });

  it("every connection state, the empty alert table and the index", async () => {
    const later = Date.now() + 4_000;
    await show(
      locale,
      <>
        <ConnIndicator conn={{ state: "live" }} now={0} />
        <ConnIndicator conn={{ state: "reconnecting", phase: "connecting", retryAt: null, error: null }} now={0} />
        <ConnIndicator conn={{ state: "reconnecting", phase: "syncing", retryAt: null, error: null }} now={0} />
        <ConnIndicator conn={{ state: "reconnecting", phase: "waiting", retryAt: later, error: null }} now={0} />
        <AlertTable alerts={[]} synced={false} now={0} canAck onAcked={() => {}} />
        <AlertTable alerts={[]} synced now={0} canAck onAcked={() => {}} />
        <Index />
      </>,
      () => true,
    );
    expectAllFromCatalogue(locale);
  });
});

describe("the check itself", () => {
  it("catches a string written in a component, in either language", () => {
    const p = document.createElement("p");
    p.innerHTML = '<span title="Open it">NO SIGNAL</span> <b>North gate</b> 3/4';
    expect(problemsIn(p, textChecker("zh-CN", ["North gate"]))).toEqual([
      'span[title] not in the zh-CN catalogue: "Open it"',
      'not in the zh-CN catalogue: "NO SIGNAL"',
    ]);
    expect(problemsIn(p, textChecker("en", ["North gate"]))).toEqual(['span[title] not in the en catalogue: "Open it"']);
  });

  it("lets a message through only with data or messages in its blanks", () => {
    const check = textChecker("zh-CN", ["ana"]);
    expect(check.problem("ana 于 20:01:05 确认")).toBeNull();
    expect(check.problem("摄像机离线：无响应")).toBeNull();
    expect(check.problem("摄像机离线：no answer")).not.toBeNull();
  });
});

describe("the language switch", () => {
  it("starts in Chinese, switches the page to English at once and remembers it", async () => {
    localStorage.clear();
    await act(() => render(<I18nProvider><Index /></I18nProvider>, root));
    expect(root.querySelector("h1")?.textContent).toBe("综治中心");
    expect(document.documentElement.lang).toBe("zh-CN");
    await act(() => (root.querySelector('[data-locale="en"]') as HTMLButtonElement).click());
    expect(root.querySelector("h1")?.textContent).toBe("Command Centre");
    expect(root.querySelector('[data-locale="en"]')?.getAttribute("aria-pressed")).toBe("true");
    expect(document.documentElement.lang).toBe("en");
    expect(localStorage.getItem("cc.locale")).toBe("en");

    render(null, root);
    await act(() => render(<I18nProvider><Index /></I18nProvider>, root));
    expect(root.querySelector("h1")?.textContent).toBe("Command Centre");
    localStorage.clear();
  });
});
