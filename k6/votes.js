// Product-definition voting at D90's scale, the same shape as `load-tests … votes`: 31,125 voters each voting on all
// 18 definition points (single, multiple choice, score and points questions), options favoured unequally per point,
// nearly all leaving a suggestion, one in seven changing a ballot. Run like price-burst.js.
import { check } from 'k6';
import exec from 'k6/execution';
import { Counter } from 'k6/metrics';
import { BASE_URL, ONEID_ISSUER, ONEID_KEY, SCALE, admin, dwellMs, postIdempotent, requireSettings } from './lib/config.js';
import { CHANNELS, mintToken } from './lib/oneid.js';

const VOTERS = Math.max(200, Math.floor(31125 * SCALE));
const KINDS = ['single', 'multi', 'score', 'points'];
const OPTIONS = ['a', 'b', 'c', 'd', 'e'];
const unexpected = new Counter('unexpected_answers');

export const options = {
  scenarios: {
    voters: { executor: 'shared-iterations', vus: 256, iterations: VOTERS, maxDuration: '20m' },
  },
  thresholds: { 'http_req_duration{name:ballot}': ['p(99)<100'], unexpected_answers: ['count==0'] },
};

export function setup() {
  requireSettings('ONEID_ISSUER', 'ONEID_KEY', 'ADMIN_KEY');
  const campaign = `d90-k6-votes-${Date.now()}`;
  admin('PUT', `/api/campaigns/${campaign}`, { name: 'D90 k6 definition' });
  const questions = [];
  for (let q = 0; q < 18; q++) {
    const kind = KINDS[q % KINDS.length];
    const id = `point-${q + 1}`;
    const body = { title: `Definition point ${q + 1}`, kind, options: OPTIONS.map((o) => ({ id: o, label: `Option ${o.toUpperCase()}` })) };
    if (kind === 'multi') body.maxChoices = 3;
    if (kind === 'points') body.budget = 100;
    admin('PUT', `/api/campaigns/${campaign}/questions/${id}`, body);
    admin('POST', `/api/campaigns/${campaign}/questions/${id}/open`);
    questions.push({ id, kind });
  }
  return { campaign, questions };
}

// How much option o appeals on question q: 1, 1/2, 1/3 … rotated per question (as the C# generator's VotesPlan).
const appeal = (q, o) => 1 / (1 + ((o + q * 2) % OPTIONS.length));

function pick(q, taken) {
  const open = OPTIONS.map((_, o) => o).filter((o) => !taken.has(o));
  let u = Math.random() * open.reduce((sum, o) => sum + appeal(q, o), 0);
  for (const o of open) {
    u -= appeal(q, o);
    if (u <= 0) return o;
  }
  return open[open.length - 1];
}

function ballot(q, kind) {
  const taken = new Set();
  const choose = (n) => { for (let i = 0; i < n; i++) taken.add(pick(q, taken)); return [...taken].map((o) => OPTIONS[o]); };
  switch (kind) {
    case 'single': return { choices: choose(1) };
    case 'multi': return { choices: choose(1 + Math.floor(Math.random() * 3)) };
    case 'score':
      return { scores: Object.fromEntries(OPTIONS.map((o, i) => [o, Math.min(5, Math.max(1, Math.round(1 + 4 * appeal(q, i) * (0.4 + 0.6 * Math.random()))))])) };
    default: {
      // The budget (or 90 of it) over one to three options.
      const chosen = choose(1 + Math.floor(Math.random() * 3));
      let left = 100 - (Math.random() < 0.5 ? 10 : 0);
      const allocation = {};
      chosen.forEach((o, i) => {
        const share = i === chosen.length - 1 ? left : 1 + Math.floor(Math.random() * (left - (chosen.length - 1 - i)));
        allocation[o] = share;
        left -= share;
      });
      return { allocation };
    }
  }
}

// One iteration is one voter, as in `load-tests … votes`: a ballot on each of the 18 points in a random order, a
// suggestion (96% of voters), and for one voter in seven a changed ballot on one point afterwards.
export default function (data) {
  const voter = exec.scenario.iterationInTest;
  const token = mintToken(ONEID_ISSUER, ONEID_KEY, `k6-voter-${voter}`, CHANNELS[voter % CHANNELS.length]);
  const cast = (index, name) => {
    const question = data.questions[index];
    const url = `${BASE_URL}/api/campaigns/${data.campaign}/questions/${question.id}/ballots`;
    const response = postIdempotent(url, JSON.stringify({ ...ballot(index, question.kind), dwellMs: dwellMs() }), token, { name }, 30, voter);
    if (!check(response, { 'ballot acknowledged': (r) => r.status === 201 || r.status === 200 })) unexpected.add(1);
  };
  const order = data.questions.map((_, i) => i).sort(() => Math.random() - 0.5);
  for (const index of order) cast(index, 'ballot');
  if (Math.random() < 0.96) {
    const question = data.questions[Math.floor(Math.random() * data.questions.length)];
    const url = `${BASE_URL}/api/campaigns/${data.campaign}/questions/${question.id}/suggestions`;
    const suggestion = postIdempotent(url, JSON.stringify({ text: `建议 suggestion ${voter}: 第三排座椅可以放平` }), token, { name: 'suggestion' }, 30, voter);
    if (!check(suggestion, { 'suggestion pending': (r) => r.status === 201 || r.status === 200 })) unexpected.add(1);
  }
  if (Math.random() < 1 / 7) cast(Math.floor(Math.random() * data.questions.length), 'changed ballot');
}
