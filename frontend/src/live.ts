// Websocket client for `/ws`: parses frames, answers pings, reconnects with exponential backoff.
// It sends no token: the session cookie goes with the handshake. It knows nothing about cameras
// or alerts; sync.ts decides what a message means and what to subscribe to.

/** First retry after 0.5 s, doubling per failed attempt... */
export const BACKOFF_INITIAL_MS = 500;
/** ...up to 10 s, so a wall is back within 10 s of the server returning. */
export const BACKOFF_MAX_MS = 10_000;
/** Up to 20 % random extra delay, so a room full of screens does not reconnect in lockstep. */
export const BACKOFF_JITTER = 0.2;

export interface LiveMessage {
  seq: number;
  topic: string;
  type: string;
  data: Record<string, unknown>;
  ts: string;
  /** On `subscribed`: each topic's last number when the subscription began. */
  topics?: Record<string, unknown>;
}

export type SocketStatus =
  | { kind: "connecting"; attempt: number }
  | { kind: "open" }
  | { kind: "waiting"; attempt: number; retryAt: number };

/** Delay before reconnect attempt `attempt` (0-based): 0.5 s, 1 s, 2 s, ... capped at 10 s. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_MAX_MS, BACKOFF_INITIAL_MS * 2 ** Math.max(0, attempt));
  return Math.min(BACKOFF_MAX_MS, Math.round(base * (1 + BACKOFF_JITTER * random())));
}

/** A message, or null for anything that is not a well-formed one (ignored, never thrown). */
export function parseMessage(raw: unknown): LiveMessage | null {
  if (typeof raw !== "string") return null;
  let msg: unknown;
  try {
    msg = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof msg !== "object" || msg === null) return null;
  const m = msg as Partial<LiveMessage>;
  if (typeof m.type !== "string") return null;
  return {
    ...(msg as Record<string, unknown>),
    seq: typeof m.seq === "number" ? m.seq : -1,
    topic: typeof m.topic === "string" ? m.topic : "",
    type: m.type,
    data: typeof m.data === "object" && m.data !== null ? m.data : {},
    ts: typeof m.ts === "string" ? m.ts : "",
  };
}

/** A frame carries one message a line (a busy feed batches them). */
export function parseFrame(raw: unknown): LiveMessage[] {
  if (typeof raw !== "string") return [];
  return raw.split("\n").flatMap((line) => {
    const msg = parseMessage(line);
    return msg ? [msg] : [];
  });
}

export function liveUrl(loc: Location = window.location): string {
  const scheme = loc.protocol === "https:" ? "wss" : "ws";
  return `${scheme}://${loc.host}/ws`;
}

export interface LiveHandlers {
  onOpen(): void;
  onMessage(msg: LiveMessage): void;
  onClose(): void;
  onStatus(status: SocketStatus): void;
}

export class LiveClient {
  private socket: WebSocket | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private attempt = 0;
  private stopped = true;

  constructor(
    private readonly url: string,
    private readonly handlers: LiveHandlers,
  ) {}

  start(): void {
    this.stopped = false;
    this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const socket = this.socket;
    this.socket = null;
    socket?.close(1000, "client stopped");
  }

  /** Call once the state is in sync: the next failure starts the backoff from 0.5 s again. */
  markHealthy(): void {
    this.attempt = 0;
  }

  /** Send a message to the server if the socket is open; false if it is not. */
  send(message: object): boolean {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(message));
    return true;
  }

  /** Drop the connection and reconnect after the backoff delay (e.g. the state refetch failed). */
  restart(): void {
    this.socket?.close(4001, "client resync failed");
  }

  private connect(): void {
    this.timer = null;
    this.handlers.onStatus({ kind: "connecting", attempt: this.attempt });
    const socket = new WebSocket(this.url);
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.handlers.onStatus({ kind: "open" });
      this.handlers.onOpen();
    };
    socket.onmessage = (event: MessageEvent) => {
      if (this.socket !== socket) return;
      for (const msg of parseFrame(event.data)) {
        if (msg.type === "ping") socket.send(JSON.stringify({ type: "pong" }));
        else this.handlers.onMessage(msg);
      }
    };
    socket.onclose = () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.handlers.onClose();
      this.scheduleReconnect();
    };
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const delay = backoffDelay(this.attempt);
    this.handlers.onStatus({ kind: "waiting", attempt: this.attempt, retryAt: Date.now() + delay });
    this.attempt += 1;
    this.timer = setTimeout(() => this.connect(), delay);
  }
}
