// Livestream viewers' overlays: many connections watching one campaign on the SignalR hub (JSON protocol over
// k6's WebSocket module) while a price burst runs (start price-burst.js beside it, or set CAMPAIGN to a live one).
// Measures updates per second per client and the delivery delay from asOf.timestamp (meaningful when the load
// machine's clock is synchronised with the servers'). Run: k6 run -e BASE_URL=… -e CAMPAIGN=d90 -e TOKEN=<overlay token> k6/hub-watchers.js
import http from 'k6/http';
import ws from 'k6/ws';
import { check } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import { BASE_URL, forwardedFor } from './lib/config.js';

const CAMPAIGN = __ENV.CAMPAIGN || 'd90';
const TOKEN = __ENV.TOKEN || null;
const WATCHERS = Number(__ENV.WATCHERS || '5000');
const SECONDS = Number(__ENV.SECONDS || '60');
const RS = '\u001e';

const updates = new Counter('price_stats_updates');
const delivery = new Trend('price_stats_delivery_ms', true);

export const options = {
  scenarios: {
    viewers: { executor: 'per-vu-iterations', vus: WATCHERS, iterations: 1, maxDuration: `${SECONDS + 60}s` },
  },
  thresholds: { price_stats_delivery_ms: ['p(99)<1000'] },
};

export default function () {
  const viewer = forwardedFor(__VU);
  const negotiate = http.post(`${BASE_URL}/hubs/live/negotiate?negotiateVersion=1`, null, { headers: viewer, tags: { name: 'negotiate' } });
  if (!check(negotiate, { negotiated: (r) => r.status === 200 })) return;
  const id = negotiate.json('connectionToken');
  const url = `${BASE_URL.replace(/^http/, 'ws')}/hubs/live?id=${encodeURIComponent(id)}`;

  const response = ws.connect(url, { headers: viewer }, (socket) => {
    socket.on('open', () => {
      socket.send(JSON.stringify({ protocol: 'json', version: 1 }) + RS);
      socket.send(JSON.stringify({ type: 1, invocationId: '1', target: 'Watch', arguments: [CAMPAIGN, TOKEN] }) + RS);
    });
    socket.on('message', (data) => {
      for (const frame of data.split(RS)) {
        if (!frame) continue;
        const message = JSON.parse(frame);
        if (message.type === 6) socket.send(JSON.stringify({ type: 6 }) + RS); // ping
        if (message.type === 1 && message.target === 'priceStats') {
          updates.add(1);
          const stats = message.arguments[1];
          delivery.add(Date.now() - Date.parse(stats.asOf.timestamp));
        }
        if (message.type === 3 && message.error) console.error(`Watch failed: ${message.error}`);
      }
    });
    socket.setTimeout(() => socket.close(), SECONDS * 1000);
  });
  check(response, { 'websocket upgraded': (r) => r && r.status === 101 });
}
