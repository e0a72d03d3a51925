// The websocket clients of `python -m bench.hub` (bench/hub.py starts them):
//   node hub_clients.mjs URL TOKEN COUNT OUT
// COUNT clients log in by first message and subscribe to `alerts`; each checks that the
// numbers it gets follow one another, times one message in ten (numbers ending in 0) and,
// when its connection ends, reconnects with `since` = the last number it has. Prints "ready"
// once every client has subscribed; on "stop" (a line on stdin) writes their tallies to OUT
// as JSON and exits. JavaScript, as in the browsers the hub serves: 200 clients taking 200,000
// messages a second beside the server, in Python they took as much CPU as the server did.
import { writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import WebSocket from "ws";

const [url, token, count, out] = process.argv.slice(2);
const ALERT = '{"topic": "alerts", "seq": ';
const RETRY_MS = 200;
let stopping = false;
let subscribed = 0;

function newTally() {
  return {
    first: null, last: 0, received: 0, lost: 0, reordered: 0, resyncs: 0,
    failed_handshakes: 0, http_5xx: 0, refused: 0, reconnects: 0,
    latencies: [], to_hub: [], subscribed: false,
  };
}

function take(tally, seq) {
  if (tally.first === null) {
    tally.first = seq;
  } else if (seq <= tally.last) {
    tally.reordered += 1;
    return;
  } else if (seq > tally.last + 1) {
    tally.lost += seq - tally.last - 1;
  }
  tally.last = seq;
  tally.received += 1;
}

function time(line, now, tally) {
  const message = JSON.parse(line);
  const happened = Date.parse(message.data.cleared_at ?? message.data.raised_at) / 1000;
  tally.latencies.push(now - happened);
  tally.to_hub.push(Date.parse(message.ts) / 1000 - happened);
}

function handle(text, tally, ws) {
  const now = (performance.timeOrigin + performance.now()) / 1000;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    if (text.startsWith(ALERT, start)) {
      const seq = Number(text.slice(start + ALERT.length, text.indexOf(",", start + ALERT.length)));
      take(tally, seq);
      if (seq % 10 === 0) time(text.slice(start, end), now, tally);
    } else if (text.startsWith('{"type": "ping"}', start)) {
      ws.send('{"type": "pong"}');
    } else if (text.startsWith('{"type": "resync"', start)) {
      tally.resyncs += 1;
    } else if (text.startsWith('{"type": "subscribed"', start) && !tally.subscribed) {
      tally.subscribed = true;
      if (++subscribed === clients.length) console.log("ready");
    }
    start = end + 1;
  }
}

function connect(tally) {
  const ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: 20_000 });
  ws.on("open", () => {
    const since = tally.first === null ? null : tally.last;
    ws.send(JSON.stringify({ type: "auth", token }));
    ws.send(JSON.stringify({ type: "subscribe", topics: { alerts: since } }));
  });
  ws.on("message", (data) => handle(data.toString(), tally, ws));
  ws.on("error", (error) => {
    const status = /Unexpected server response: (\d+)/.exec(error.message);
    if (status) {
      tally.failed_handshakes += 1;
      tally.http_5xx += Number(status[1]) >= 500 ? 1 : 0;
    } else {
      tally.refused += 1;
    }
  });
  ws.on("close", () => {
    tally.reconnects += 1;
    if (!stopping) setTimeout(() => connect(tally), RETRY_MS + Math.random() * 300);
  });
  sockets.add(ws);
  ws.on("close", () => sockets.delete(ws));
}

const clients = Array.from({ length: Number(count) }, newTally);
const sockets = new Set();
clients.forEach(connect);

createInterface({ input: process.stdin }).on("line", (line) => {
  if (line.trim() !== "stop") return;
  stopping = true;
  for (const ws of sockets) ws.terminate();
  writeFileSync(out, JSON.stringify(clients.map(({ subscribed: _, ...tally }) => tally)));
  process.exit(0);
});
