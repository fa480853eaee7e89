// The livestream overlay: one scene at a time, switched live by the hub's scene messages. Elements are created once
// and updated in place, so CSS transitions animate bar heights and marker positions between pushes.
import { api, campaignFromPath, el, isNewer, watchLive } from './common.js';

const campaignId = campaignFromPath();
const token = new URLSearchParams(location.search).get('token');
const svgNs = 'http://www.w3.org/2000/svg';
const numbers = new Intl.NumberFormat('zh-CN');

const state = {
  campaign: null,
  scene: { kind: 'blank', targetId: null, revealResults: false },
  prices: new Map(),
  votes: new Map(),
  leaderboards: new Map(),
  seen: new Map(),
};

const $ = id => document.getElementById(id);

function show(kind) {
  $('stage').dataset.scene = kind;
  for (const name of ['price', 'psm', 'vote', 'leaderboard', 'counter']) {
    $(`scene-${name}`).hidden = name !== kind;
  }
}

function reveal(section, revealed) {
  section.dataset.revealed = String(revealed);
  section.querySelector('.hidden-note').hidden = revealed;
}

function itemName(itemId) {
  return state.campaign?.pricingItems?.find(i => i.id === itemId)?.name ?? itemId ?? '';
}

function renderPrice() {
  const { targetId, revealResults } = state.scene;
  const stats = state.prices.get(targetId);
  $('price-title').textContent = itemName(targetId);
  $('price-participants').textContent = numbers.format(stats?.participants ?? 0);
  reveal($('scene-price'), revealResults);
  const bins = stats?.histogram?.bins ?? [];
  const bars = $('price-bars');
  while (bars.children.length < bins.length) bars.append(el('div', 'bar'));
  while (bars.children.length > bins.length) bars.lastChild.remove();
  const most = Math.max(1, ...bins.map(b => b.count));
  bins.forEach((bin, i) => {
    const bar = bars.children[i];
    bar.style.height = `${(bin.count / most) * 100}%`;
    bar.title = `${bin.from}–${bin.to}: ${bin.count}`;
  });
  const from = bins[0]?.from ?? 0;
  const to = bins[bins.length - 1]?.to ?? 1;
  const place = (id, value) => {
    const marker = $(id);
    marker.hidden = !(stats?.participants > 0) || value === null || value === undefined;
    if (marker.hidden) return;
    marker.style.left = `${Math.min(100, Math.max(0, ((value - from) / Math.max(1, to - from)) * 100))}%`;
    marker.querySelector('.marker-label').textContent = numbers.format(Math.round(value));
  };
  place('price-median', stats?.quantiles?.p50);
  place('price-trimmed', stats?.trimmedMean20);
  const axis = $('price-axis');
  axis.replaceChildren(...(bins.length ? [from, Math.round((from + to) / 2), to] : []).map(v => el('span', null, numbers.format(v))));
}

function svg(tag, attributes, text) {
  const node = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

function renderPsm() {
  const { targetId, revealResults } = state.scene;
  const stats = state.prices.get(targetId);
  $('psm-title').textContent = itemName(targetId);
  $('psm-participants').textContent = numbers.format(stats?.participants ?? 0);
  reveal($('scene-psm'), revealResults);
  const chart = $('psm-chart');
  const psm = stats?.psm;
  const curves = psm?.curves ?? [];
  if (curves.length < 2) {
    chart.replaceChildren();
    return;
  }
  const left = 110, width = 1500, height = 560, top = 20;
  const lo = curves[0].price, hi = curves[curves.length - 1].price;
  const x = price => left + ((price - lo) / Math.max(1, hi - lo)) * width;
  const money = value => numbers.format(Math.round(value));
  const y = share => top + (1 - share) * height;
  const nodes = [];
  for (const share of [0, 0.25, 0.5, 0.75, 1]) {
    nodes.push(svg('line', { class: 'grid', x1: left, x2: left + width, y1: y(share), y2: y(share) }));
    nodes.push(svg('text', { class: 'tick', x: left - 16, y: y(share) + 9, 'text-anchor': 'end' }, `${share * 100}%`));
  }
  if (psm.pmc !== null && psm.pme !== null && psm.pmc !== undefined && psm.pme !== undefined) {
    nodes.push(svg('rect', { class: 'range', x: x(psm.pmc), y: top, width: Math.max(0, x(psm.pme) - x(psm.pmc)), height }));
    nodes.push(svg('text', { class: 'point-label range-label', x: (x(psm.pmc) + x(psm.pme)) / 2, y: top + height + 40, 'text-anchor': 'middle' },
      `${money(psm.pmc)} – ${money(psm.pme)}`));
  }
  for (const name of ['tooCheap', 'cheap', 'expensive', 'tooExpensive']) {
    const points = curves.map(c => `${x(c.price).toFixed(1)},${y(c[name]).toFixed(1)}`).join(' ');
    nodes.push(svg('polyline', { class: `curve ${name}`, points }));
  }
  for (const [label, value] of [['OPP', psm.opp], ['IDP', psm.idp]]) {
    if (value === null || value === undefined) continue;
    nodes.push(svg('line', { class: 'point', x1: x(value), x2: x(value), y1: top, y2: top + height }));
    nodes.push(svg('text', { class: 'point-label', x: x(value) + 10, y: label === 'OPP' ? top + 36 : top + 76 }, `${label} ${money(value)}`));
  }
  for (const value of [lo, hi]) {
    nodes.push(svg('text', { class: 'tick', x: x(value), y: top + height + 36, 'text-anchor': value === lo ? 'start' : 'end' }, money(value)));
  }
  chart.replaceChildren(...nodes);
}

function renderVote() {
  const { targetId, revealResults } = state.scene;
  const results = state.votes.get(targetId);
  const question = state.campaign?.questions?.find(q => q.id === targetId);
  $('vote-title').textContent = question?.title ?? targetId ?? '';
  $('vote-participants').textContent = numbers.format(results?.participants ?? 0);
  reveal($('scene-vote'), revealResults);
  const options = results?.options ?? question?.options?.map(o => ({ ...o, votes: 0, share: 0 })) ?? [];
  const list = $('vote-bars');
  const rows = new Map([...list.children].map(row => [row.dataset.id, row]));
  const ordered = options.map(option => {
    let row = rows.get(option.id);
    if (!row) {
      row = el('li', 'vote-row');
      row.dataset.id = option.id;
      const track = el('div', 'vote-track');
      track.append(el('div', 'vote-fill'));
      row.append(el('span', 'vote-label'), track, el('span', 'vote-share'));
    }
    row.querySelector('.vote-label').textContent = option.label ?? option.id;
    const share = Number(option.share ?? 0);
    row.querySelector('.vote-fill').style.width = `${Math.min(100, share * 100)}%`;
    row.querySelector('.vote-share').textContent = `${(share * 100).toFixed(1)}%`;
    row.title = `${option.votes ?? 0}`;
    return row;
  });
  list.replaceChildren(...ordered);
}

function leaderboardRows(payload) {
  if (Array.isArray(payload)) return payload;
  return payload?.rows ?? payload?.entries ?? [];
}

function renderLeaderboard() {
  const { targetId, revealResults } = state.scene;
  const contest = state.campaign?.contests?.find(c => c.id === targetId);
  $('leaderboard-title').textContent = contest?.title ? `${contest.title} · 排行榜 Leaderboard` : '设计大赛排行榜 Design leaderboard';
  reveal($('scene-leaderboard'), revealResults);
  const rows = leaderboardRows(state.leaderboards.get(targetId)).slice(0, 6);
  $('leaderboard-rows').replaceChildren(...rows.map(row => {
    const item = el('li', 'leader-row');
    const thumb = el('img', 'leader-thumb');
    thumb.alt = '';
    thumb.src = `/api/campaigns/${encodeURIComponent(campaignId)}/contests/${encodeURIComponent(targetId)}/entries/${encodeURIComponent(row.entryId)}/image`;
    const score = el('span', 'leader-score', Number(row.adjustedScore ?? 0).toFixed(2));
    score.append(el('small', null, `${numbers.format(row.votes ?? 0)} 票 votes`));
    item.append(el('span', 'leader-rank', row.rank ?? ''), thumb, el('span', 'leader-title', row.title ?? ''), score);
    return item;
  }));
}

function renderCounter() {
  const { targetId } = state.scene;
  const count = targetId
    ? state.prices.get(targetId)?.participants ?? 0
    : [...state.prices.values()].reduce((sum, s) => sum + (s.participants ?? 0), 0);
  $('counter-number').textContent = numbers.format(count);
  $('counter-label').textContent = targetId ? `参与人数 Participants · ${itemName(targetId)}` : '参与人次 Answers';
}

const renderers = { price: renderPrice, psm: renderPsm, vote: renderVote, leaderboard: renderLeaderboard, counter: renderCounter };

function render() {
  const kind = state.scene.kind in renderers ? state.scene.kind : 'blank';
  show(kind);
  renderers[kind]?.();
}

async function loadCampaign() {
  const result = await api('GET', `/api/campaigns/${encodeURIComponent(campaignId)}`);
  if (result.ok) {
    state.campaign = result.body;
    render();
  }
}

// Votes and leaderboards are read once over REST when a scene shows one the hub has not pushed yet, so the scene is
// never empty while its topic has nothing new to say.
async function readMissing({ kind, targetId }) {
  if (!targetId) return;
  const base = `/api/campaigns/${encodeURIComponent(campaignId)}`;
  if (kind === 'vote' && !state.votes.has(targetId)) {
    const result = await api('GET', `${base}/questions/${encodeURIComponent(targetId)}/results`);
    if (result.ok && !state.votes.has(targetId) && isNewer(state.seen, `vote:${targetId}`, result.body?.asOf)) {
      state.votes.set(targetId, result.body);
      render();
    }
  } else if (kind === 'leaderboard' && !state.leaderboards.has(targetId)) {
    const result = await api('GET', `${base}/contests/${encodeURIComponent(targetId)}/leaderboard`);
    if (result.ok && !state.leaderboards.has(targetId)) {
      state.leaderboards.set(targetId, result.body);
      render();
    }
  }
}

watchLive(campaignId, token, {
  scene: scene => {
    if (scene.campaignId !== campaignId || !isNewer(state.seen, 'scene', scene.asOf)) return;
    const target = scene.targetId;
    state.scene = scene;
    // A target the overlay has not heard of (defined after it loaded) brings its name with a fresh read.
    const known = state.campaign && [...(state.campaign.pricingItems ?? []), ...(state.campaign.questions ?? []), ...(state.campaign.contests ?? [])]
      .some(x => x.id === target);
    if (target && !known) loadCampaign();
    render();
    readMissing(scene);
  },
  priceStats: (itemId, stats) => {
    if (!isNewer(state.seen, `price:${itemId}`, stats?.asOf)) return;
    state.prices.set(itemId, stats);
    render();
  },
  voteResults: (questionId, results) => {
    if (!isNewer(state.seen, `vote:${questionId}`, results?.asOf)) return;
    state.votes.set(questionId, results);
    render();
  },
  leaderboard: (contestId, rows) => {
    if (!Array.isArray(rows) && !isNewer(state.seen, `leaderboard:${contestId}`, rows?.asOf)) return;
    state.leaderboards.set(contestId, rows);
    render();
  },
}, {
  onStatus: status => { $('reconnecting').hidden = status !== 'reconnecting'; },
});

loadCampaign();
render();
