// The D90 price burst against a staging cluster: the same shape as `load-tests … d90` (a ramp, three "price now!"
// spikes), 2.6 submissions a person over four configurations, one in a thousand absurd (must be 400), retries on
// the same idempotency key. Run: k6 run -e BASE_URL=… -e ONEID_ISSUER=… -e ONEID_KEY=… -e ADMIN_KEY=… k6/price-burst.js
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import { BASE_URL, ONEID_ISSUER, ONEID_KEY, PEOPLE, SUBMISSIONS, admin, dwellMs, postIdempotent, requireSettings } from './lib/config.js';
import { CHANNELS, mintToken } from './lib/oneid.js';

const ITEMS = [
  { id: 'd90-2.0t-2wd', name: 'D90 2.0T 2WD', list: 159900 },
  { id: 'd90-2.0t-4wd', name: 'D90 2.0T 4WD', list: 189900 },
  { id: 'd90-2.0t-4wd-flagship', name: 'D90 2.0T 4WD flagship', list: 229900 },
  { id: 'd90-7-seat', name: 'D90 7-seat', list: 199900 },
];
const MIN = 50000;
const MAX = 500000;
const STEP = 100;

const acknowledged = new Counter('acknowledged');
const refusedAsExpected = new Counter('absurd_refused');
const unexpected = new Counter('unexpected_answers');

// The whole burst in about 70 s at full speed: a ramp, a baseline, and three spikes (rates in submissions/s).
const PEAK = Math.max(50, Math.floor(SUBMISSIONS / 45));
export const options = {
  scenarios: {
    burst: {
      executor: 'ramping-arrival-rate',
      startRate: Math.floor(PEAK / 10),
      timeUnit: '1s',
      preAllocatedVUs: 200,
      maxVUs: 2000,
      stages: [
        { target: Math.floor(PEAK * 0.6), duration: '5s' },
        { target: Math.floor(PEAK * 0.6), duration: '10s' },
        { target: PEAK, duration: '1s' }, { target: PEAK, duration: '7s' },
        { target: Math.floor(PEAK * 0.6), duration: '1s' }, { target: Math.floor(PEAK * 0.6), duration: '14s' },
        { target: PEAK, duration: '1s' }, { target: PEAK, duration: '7s' },
        { target: Math.floor(PEAK * 0.6), duration: '1s' }, { target: Math.floor(PEAK * 0.6), duration: '14s' },
        { target: PEAK, duration: '1s' }, { target: PEAK, duration: '7s' },
        { target: 0, duration: '2s' },
      ],
    },
  },
  thresholds: {
    'http_req_duration{name:submit}': ['p(99)<100'],
    unexpected_answers: ['count==0'],
  },
};

export function setup() {
  requireSettings('ONEID_ISSUER', 'ONEID_KEY', 'ADMIN_KEY');
  const campaign = `d90-k6-${Date.now()}`;
  admin('PUT', `/api/campaigns/${campaign}`, { name: 'D90 k6 burst' });
  for (const item of ITEMS) {
    admin('PUT', `/api/campaigns/${campaign}/pricing/${item.id}`, { name: item.name, currency: 'CNY', min: MIN, max: MAX, step: STEP, mode: 'direct' });
    admin('POST', `/api/campaigns/${campaign}/pricing/${item.id}/open`);
  }
  return { campaign };
}

// Normal around the list price (sd 9%), rounded the way people type prices.
function price(list) {
  const normal = Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
  const r = Math.random();
  const rounding = r < 0.35 ? 10000 : r < 0.75 ? 1000 : STEP;
  return Math.min(MAX, Math.max(MIN, Math.round((list * (1 + 0.09 * normal)) / rounding) * rounding));
}

const tokens = {};
function tokenOf(person, channel) {
  const slot = `${person}/${channel}`;
  if (!tokens[slot]) tokens[slot] = mintToken(ONEID_ISSUER, ONEID_KEY, `k6-person-${person}`, channel);
  return tokens[slot];
}

export default function (data) {
  const person = Math.floor(Math.random() * PEOPLE);
  const item = Math.random() < 0.38 ? ITEMS[0] : ITEMS[Math.floor(Math.random() * ITEMS.length)];
  const channel = CHANNELS[(person + (person % 10 === 3 && Math.random() < 0.5 ? 1 : 0)) % CHANNELS.length];
  const absurd = Math.random() < 0.001;
  const value = absurd ? [1, 99999999, 150050][Math.floor(Math.random() * 3)] : price(item.list);
  const response = postIdempotent(`${BASE_URL}/api/campaigns/${data.campaign}/pricing/${item.id}/submissions`,
    JSON.stringify({ price: value, dwellMs: dwellMs() }), tokenOf(person, channel), { name: 'submit' }, 30, person);
  if (absurd) {
    if (check(response, { 'absurd price refused with 400': (r) => r.status === 400 })) refusedAsExpected.add(1);
    else unexpected.add(1);
    return;
  }
  if (check(response, { 'acknowledged (201, or 200 on a replay)': (r) => r.status === 201 || r.status === 200 })) acknowledged.add(1);
  else unexpected.add(1);
}

export function teardown(data) {
  console.log(`campaign ${data.campaign}: verify with GET ${BASE_URL}/api/campaigns/${data.campaign}/pricing/d90-2.0t-2wd/stats`);
}
