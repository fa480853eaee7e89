// The host console: switch the overlay's scene, open and close rounds, watch live counts and projection lag.
// The host key stays in sessionStorage; it is also the hub token, so the console sees results before they are revealed.
import { api, campaignFromPath, el, isNewer, problemLines, watchLive } from './common.js';

const campaignId = campaignFromPath();
const base = `/api/campaigns/${encodeURIComponent(campaignId)}`;
const keyStorage = 'cocreation.host-key';
const $ = id => document.getElementById(id);
const numbers = new Intl.NumberFormat('zh-CN');

const state = { campaign: null, role: null, counts: new Map(), seen: new Map(), lastPushAt: null, scene: null };
const key = () => sessionStorage.getItem(keyStorage);

function showError(box, result) {
  box.replaceChildren(...problemLines(result.problem).map(line => el('div', null, line)));
  box.hidden = false;
}

const kindNames = { price: '价格分布 Price', psm: 'PSM', vote: '投票 Vote', leaderboard: '排行榜 Leaderboard', counter: '人数 Counter', blank: '空白 Blank' };

function targetsFor(kind) {
  const campaign = state.campaign ?? {};
  const items = campaign.pricingItems ?? [];
  switch (kind) {
    case 'price': return items.filter(i => i.mode === 'direct').map(i => [i.id, i.name]);
    case 'psm': return items.filter(i => i.mode === 'psm').map(i => [i.id, i.name]);
    case 'vote': return (campaign.questions ?? []).map(q => [q.id, q.title]);
    case 'leaderboard': return (campaign.contests ?? []).map(c => [c.id, c.title]);
    case 'counter': return [['', '整个活动 Whole campaign'], ...items.map(i => [i.id, i.name])];
    default: return [];
  }
}

function fillTargets() {
  const select = $('scene-target');
  const previous = select.value;
  const targets = targetsFor($('scene-kind').value);
  select.replaceChildren(...targets.map(([id, name]) => {
    const option = el('option', null, id ? `${name} (${id})` : name);
    option.value = id;
    return option;
  }));
  if (targets.some(([id]) => id === previous)) select.value = previous;
  select.disabled = targets.length === 0;
}

function renderScene() {
  const scene = state.scene;
  if (!scene) return;
  const target = scene.targetId ? ` · ${scene.targetId}` : '';
  $('current-scene').textContent = `${kindNames[scene.kind] ?? scene.kind}${target} · ${scene.revealResults ? '结果公开 results revealed' : '结果隐藏 results hidden'}`;
}

function renderRounds() {
  const campaign = state.campaign;
  if (!campaign) return;
  const rows = [
    ...(campaign.pricingItems ?? []).map(i => ({ kind: i.mode === 'psm' ? 'PSM' : '价格 Price', path: `pricing/${i.id}`, id: i.id, name: i.name, isOpen: i.isOpen, count: `price:${i.id}` })),
    ...(campaign.questions ?? []).map(q => ({ kind: '投票 Vote', path: `questions/${q.id}`, id: q.id, name: q.title, isOpen: q.isOpen, count: `vote:${q.id}` })),
  ];
  $('rounds').replaceChildren(...rows.map(row => {
    const tr = el('tr');
    tr.dataset.id = row.id;
    const toggle = el('button', null, row.isOpen ? '关闭 Close' : '开启 Open');
    toggle.type = 'button';
    toggle.addEventListener('click', () => setRound(row, !row.isOpen, toggle));
    const count = el('td', 'count', numbers.format(state.counts.get(row.count) ?? 0));
    count.dataset.count = row.count;
    const status = el('td', row.isOpen ? 'open' : 'closed', row.isOpen ? '开放 Open' : '关闭 Closed');
    const action = el('td');
    action.append(toggle);
    tr.append(el('td', null, row.name), el('td', null, row.kind), count, status, action);
    return tr;
  }));
}

async function setRound(row, open, button) {
  button.disabled = true;
  $('rounds-error').hidden = true;
  const result = await api('POST', `${base}/${row.path}/${open ? 'open' : 'close'}`, { bearer: key(), json: {} });
  if (!result.ok) showError($('rounds-error'), result);
  await loadCampaign();
}

function setCount(countKey, value) {
  state.counts.set(countKey, value);
  const cell = document.querySelector(`[data-count="${CSS.escape(countKey)}"]`);
  if (cell) cell.textContent = numbers.format(value);
}

async function renderLag() {
  const list = $('lag');
  const result = await api('GET', '/api/admin/projections', { bearer: key() });
  if (result.ok) {
    $('lag-note').textContent = '来自 /api/admin/projections：每个投影落后日志的事件数。 Events each projection is behind the log.';
    list.replaceChildren(...result.body.map(p => el('li', null, `${p.name}: ${numbers.format(Math.max(0, p.head - p.position))} (${p.position} / ${p.head})`)));
    return;
  }
  // A host key cannot read the daemon's status (admin only): the age of the newest pushed figures stands in for it.
  $('lag-note').textContent = '主持密钥无法读取投影状态（仅管理员）；显示最近一次推送数据的时间差。 A host key cannot read projection status (admin only): shown is how old the last pushed figures are (now − asOf.timestamp).';
  const age = state.lastPushAt === null ? '—' : `${Math.max(0, (Date.now() - state.lastPushAt) / 1000).toFixed(1)} s`;
  list.replaceChildren(el('li', null, `最近推送 Last push: ${age}`));
}

function renderOverlayUrl() {
  const token = $('overlay-token').value.trim();
  $('overlay-url').value = token ? `${location.origin}/overlay/${encodeURIComponent(campaignId)}?token=${encodeURIComponent(token)}` : '';
}

async function loadCampaign() {
  const result = await api('GET', base);
  if (!result.ok) {
    showError($('page-error'), result);
    return;
  }
  state.campaign = result.body;
  $('campaign-name').textContent = result.body.name;
  document.title = `${result.body.name} · Host console`;
  fillTargets();
  renderRounds();
}

async function enter() {
  const me = await api('GET', '/api/identity/me', { bearer: key() });
  const allowed = me.ok && (me.body.role === 'host' || me.body.role === 'admin');
  $('key-card').hidden = allowed;
  $('console').hidden = !allowed;
  if (!allowed) {
    if (key()) {
      const error = $('key-error');
      error.textContent = me.ok ? '此密钥不是主持或管理员密钥。 This key is not a host or admin key.' : problemLines(me.problem).join(' — ');
      error.hidden = false;
      sessionStorage.removeItem(keyStorage);
    }
    return;
  }
  state.role = me.body.role;
  $('who').textContent = me.body.role;
  await loadCampaign();
  if (state.role === 'admin') {
    const token = await api('GET', `${base}/overlay-token`, { bearer: key() });
    if (token.ok) {
      $('overlay-token').value = token.body.token;
      renderOverlayUrl();
    }
  }
  const status = $('connection');
  watchLive(campaignId, key(), {
    scene: scene => {
      if (scene.campaignId !== campaignId || !isNewer(state.seen, 'scene', scene.asOf)) return;
      state.scene = scene;
      renderScene();
    },
    priceStats: (itemId, stats) => {
      if (!isNewer(state.seen, `price:${itemId}`, stats?.asOf)) return;
      if (stats?.asOf?.timestamp) state.lastPushAt = Date.parse(stats.asOf.timestamp);
      setCount(`price:${itemId}`, stats?.participants ?? 0);
    },
    voteResults: (questionId, results) => {
      if (!isNewer(state.seen, `vote:${questionId}`, results?.asOf)) return;
      if (results?.asOf?.timestamp) state.lastPushAt = Date.parse(results.asOf.timestamp);
      setCount(`vote:${questionId}`, results?.participants ?? 0);
    },
  }, {
    onStatus: s => {
      status.className = `status ${s}`;
      status.textContent = { connecting: '连接中 Connecting', live: '实时 Live', reconnecting: '重连中 Reconnecting' }[s] ?? s;
    },
  });
  renderLag();
  setInterval(renderLag, 5000);
}

$('scene-kind').addEventListener('change', fillTargets);
$('overlay-token').addEventListener('input', renderOverlayUrl);
$('scene-form').addEventListener('submit', async event => {
  event.preventDefault();
  const form = $('scene-form');
  const box = form.querySelector('.form-error');
  box.hidden = true;
  const button = $('scene-apply');
  button.disabled = true;
  const kind = $('scene-kind').value;
  const targetId = $('scene-target').disabled || !$('scene-target').value ? null : $('scene-target').value;
  const result = await api('PUT', `${base}/scene`, { bearer: key(), json: { kind, targetId, revealResults: $('scene-reveal').checked } });
  button.disabled = false;
  if (!result.ok) {
    showError(box, result);
    return;
  }
  if (isNewer(state.seen, 'scene', result.body.asOf)) {
    state.scene = result.body;
    renderScene();
  }
});
$('key-form').addEventListener('submit', event => {
  event.preventDefault();
  const value = $('key-input').value.trim();
  if (!value) return;
  sessionStorage.setItem(keyStorage, value);
  $('key-error').hidden = true;
  enter();
});
$('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(keyStorage);
  location.reload();
});

$('key-card').hidden = Boolean(key());
enter();
