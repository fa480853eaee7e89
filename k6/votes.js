// Product-definition voting at D90's scale: 31,125 voters over 18 definition points (single, multiple choice, score
// and points questions), some changing their ballot, plus suggestions. Run like price-burst.js.
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import { BASE_URL, ONEID_ISSUER, ONEID_KEY, SCALE, admin, dwellMs, postIdempotent, requireSettings } from './lib/config.js';
import { CHANNELS, mintToken } from './lib/oneid.js';

const VOTERS = Math.max(200, Math.floor(31125 * SCALE));
const KINDS = ['single', 'multi', 'score', 'points'];
const OPTIONS = ['a', 'b', 'c', 'd', 'e'];
const unexpected = new Counter('unexpected_answers');

export const options = {
  scenarios: {
    voters: { executor: 'shared-iterations', vus: 100, iterations: VOTERS * 3, maxDuration: '10m' },
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

function ballot(kind) {
  const pick = () => OPTIONS[Math.floor(Math.random() * OPTIONS.length)];
  switch (kind) {
    case 'single': return { choices: [pick()] };
    case 'multi': return { choices: [...new Set([pick(), pick(), pick()])] };
    case 'score': return { scores: Object.fromEntries(OPTIONS.map((o) => [o, 1 + Math.floor(Math.random() * 5)])) };
    default: {
      const a = Math.floor(Math.random() * 101);
      return { allocation: { a, b: 100 - a } };
    }
  }
}

export default function (data) {
  const voter = Math.floor(Math.random() * VOTERS);
  const token = mintToken(ONEID_ISSUER, ONEID_KEY, `k6-voter-${voter}`, CHANNELS[voter % CHANNELS.length]);
  const question = data.questions[Math.floor(Math.random() * data.questions.length)];
  const url = `${BASE_URL}/api/campaigns/${data.campaign}/questions/${question.id}`;
  const response = postIdempotent(`${url}/ballots`, JSON.stringify({ ...ballot(question.kind), dwellMs: dwellMs() }), token, { name: 'ballot' }, 30, voter);
  if (!check(response, { 'ballot acknowledged': (r) => r.status === 201 || r.status === 200 })) unexpected.add(1);
  if (Math.random() < 0.03) {
    const suggestion = postIdempotent(`${url}/suggestions`, JSON.stringify({ text: `建议 suggestion ${voter}: 第三排座椅可以放平` }), token, { name: 'suggestion' }, 30, voter);
    if (!check(suggestion, { 'suggestion pending': (r) => r.status === 201 || r.status === 200 })) unexpected.add(1);
  }
}
