// Settings from the environment, named like the API's own (k6 run -e BASE_URL=… -e ONEID_KEY=…).
import http from 'k6/http';
import { sleep } from 'k6';

export const BASE_URL = (__ENV.BASE_URL || 'http://127.0.0.1:5080').replace(/\/$/, '');
export const ONEID_ISSUER = __ENV.ONEID_ISSUER || __ENV.Auth__OneId__Issuer || '';
export const ONEID_KEY = __ENV.ONEID_KEY || __ENV.Auth__OneId__SigningKey || '';
export const ADMIN_KEY = __ENV.ADMIN_KEY || __ENV.Auth__AdminKeys__0 || '';
export const HOST_KEY = __ENV.HOST_KEY || __ENV.Auth__HostKeys__0 || '';
export const SCALE = Number(__ENV.SCALE || '1');

// D90's numbers, scaled.
export const PEOPLE = Math.max(500, Math.floor(660899 * SCALE));
export const SUBMISSIONS = Math.max(1300, Math.floor(1727556 * SCALE));

export function requireSettings(...names) {
  const values = { ONEID_ISSUER, ONEID_KEY, ADMIN_KEY, HOST_KEY };
  const missing = names.filter((n) => !values[n]);
  if (missing.length) throw new Error(`set ${missing.join(', ')} (-e NAME=value), as the API is configured`);
}

export function admin(method, path, body) {
  const response = http.request(method, `${BASE_URL}${path}`, body === undefined ? null : JSON.stringify(body), {
    headers: { Authorization: `Bearer ${ADMIN_KEY}`, 'Content-Type': 'application/json' },
    tags: { name: `admin ${method}` },
  });
  if (response.status >= 300) throw new Error(`${method} ${path} answered ${response.status}: ${response.body}`);
  return response;
}

/** A UUID v4 from k6's random source, for idempotency keys. */
export function uuid() {
  const hex = [];
  for (let i = 0; i < 16; i++) hex.push(Math.floor(Math.random() * 256));
  hex[6] = (hex[6] & 0x0f) | 0x40;
  hex[8] = (hex[8] & 0x3f) | 0x80;
  const h = hex.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

// Where simulated people connect from, as the C# generator's ClientAddresses: 70% behind carrier-grade NAT pools of
// about 1,000 people (the largest ten times the smallest), the rest about 4 to a home or office address. Sent as
// X-Forwarded-For, which the API believes only from a trusted proxy (loopback by default; ForwardedHeaders:* otherwise).
// Against a cluster behind a load balancer that appends the real address, the API sees k6's own address: run k6
// from several machines, or raise RateLimits:Policies:*:PermitsPerIp there. FORWARDED_FOR=0 sends no header.
export const FORWARDED_FOR = (__ENV.FORWARDED_FOR || '1') !== '0';
const CARRIER_SHARE = 0.7;

function uniform(person, purpose) {
  let h = Math.imul((person + 1) ^ Math.imul(purpose, 0x9e3779b1), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

const carrierPools = Math.max(1, Math.round((PEOPLE * CARRIER_SHARE) / 1000));
const homes = Math.max(1, Math.round((PEOPLE * (1 - CARRIER_SHARE)) / 4));
const poolShares = (() => {
  const weights = Array.from({ length: carrierPools }, (_, k) => 1 + 9 * (1 - k / carrierPools) ** 2);
  const total = weights.reduce((a, b) => a + b, 0);
  let cumulative = 0;
  return weights.map((w) => (cumulative += w / total));
})();

function dotted(n) {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** The public address person (0 ≤ person < PEOPLE) connects from. */
export function clientAddress(person) {
  if (uniform(person, 1) < CARRIER_SHARE) {
    const u = uniform(person, 2);
    const found = poolShares.findIndex((share) => u < share);
    const pool = found < 0 ? carrierPools - 1 : found;
    return dotted(0xdf680000 + pool); // 223.104.0.0/14, a carrier's NAT range
  }
  return dotted(0x74e00000 + Math.floor(uniform(person, 3) * homes)); // 116.224.0.0/12, fixed-line subscribers
}

/** The X-Forwarded-For header of person's requests (none when FORWARDED_FOR=0 or no person is given). */
export function forwardedFor(person) {
  return FORWARDED_FOR && person !== undefined ? { 'X-Forwarded-For': clientAddress(person) } : {};
}

/**
 * POSTs with an idempotency key, retrying on timeouts, 503 and 429 with the same key (the API replays, never
 * double-counts), as the C# generator does, from person's address when given. Returns the last response.
 */
export function postIdempotent(url, body, token, tags, maxAttempts = 30, person = undefined) {
  const key = uuid();
  let response;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    response = http.post(url, body, {
      headers: {
        Authorization: `Bearer ${token}`,
        'Idempotency-Key': key,
        ...forwardedFor(person),
        ...(typeof body === 'string' ? { 'Content-Type': 'application/json' } : {}),
      },
      timeout: '10s',
      tags,
    });
    if (response.status === 503 || response.status === 429) {
      const wait = Math.min(Number(response.headers['Retry-After'] || '1'), 1);
      sleep(wait * (0.5 + Math.random()));
      continue;
    }
    if (response.status === 0) continue; // timeout or connection error: the same key makes the retry safe
    return response;
  }
  return response;
}


// How long the form was shown before the answer, as the participant page sends it (`dwellMs`): log-normal around
// 8 s, one answer in fifty a quick tap under 1.4 s (flagged `fast`, never refused). Same shape as the C# generator.
export function dwellMs() {
  if (Math.random() < 0.02) return 200 + Math.floor(Math.random() * 1200);
  const normal = Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
  return Math.round(Math.min(600000, Math.max(1500, 8000 * Math.exp(0.7 * normal))));
}
