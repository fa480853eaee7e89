// The participant page, phone first: sign in with a OneID token (or continue as a guest where the server and the
// campaign allow it), answer what the campaign has open, see the result after answering. Chinese by default, English on a toggle. Server text is only ever set with textContent.
import { Submission, api, campaignFromPath, el, isNewer, watchLive } from './common.js';

const campaignId = campaignFromPath();
const base = `/api/campaigns/${encodeURIComponent(campaignId)}`;
const tokenKey = 'cocreation.oneid';
// The device's own random id, kept across visits so a returning guest stays the same guest.
const deviceKey = 'cocreation.device';
const languageKey = 'cocreation.language';

const texts = {
  zh: {
    signIn: '登录', tokenLabel: 'OneID 令牌', signInButton: '登录', signedInAs: '已登录：', signOut: '退出',
    nothingOpen: '目前没有开放的问题。', price: '您认为合理的价格', submit: '提交', submitted: '已提交，谢谢！',
    psmTooCheap: '多少钱会便宜到让您怀疑质量？', psmCheap: '多少钱算便宜、划算？', psmExpensive: '多少钱开始觉得贵，但仍会考虑？',
    psmTooExpensive: '多少钱贵到您不会考虑？', psmOrder: '必须高于上一个价格（至少 {0}）。', psmMissing: '请填写四个价格。',
    vote: '投票', chooseOne: '请选择一项。', chooseUpTo: '最多选择 {0} 项。', scoreHint: '为每个选项打分（1–5）。',
    pointsHint: '分配点数，总数不超过 {0}。', pointsLeft: '剩余 {0}', suggestion: '您的建议', suggestionSent: '建议已提交，审核后展示。',
    entry: '提交设计作品', entryTitle: '作品名称', entryDescription: '作品说明', entryImage: '图片（PNG、JPEG 或 WebP，≤ 10 MB）',
    entrySent: '作品已提交，审核中。', participants: '参与人数', median: '中位数', trimmedMean: '截尾均值', yourAnswer: '您的答案',
    votes: '票', needSignIn: '请先登录再提交。', tokenRequired: '请输入令牌。', closed: '未开放',
    status0: '网络错误，请检查网络后重试（将按同一次提交重试）。', status400: '输入有误：', status401: '登录已失效，请重新登录。',
    status403: '没有权限。', status404: '找不到该活动或问题。', status409: '本轮未开放或已结束。', status413: '文件太大。',
    status422: '这次提交与之前的同一提交不一致。', status429: '提交太频繁，请稍后再试。', status503: '系统繁忙，请稍后重试。',
    statusOther: '提交失败。', loadFailed: '活动加载失败。', language: 'English', continueAsGuest: '以访客身份继续',
  },
  en: {
    signIn: 'Sign in', tokenLabel: 'OneID token', signInButton: 'Sign in', signedInAs: 'Signed in as', signOut: 'Sign out',
    nothingOpen: 'Nothing is open right now.', price: 'The price you find right', submit: 'Submit', submitted: 'Submitted, thank you!',
    psmTooCheap: 'At what price is it so cheap you would doubt its quality?', psmCheap: 'At what price is it a bargain?',
    psmExpensive: 'At what price does it get expensive, but you would still consider it?',
    psmTooExpensive: 'At what price is it too expensive to consider?', psmOrder: 'Must be above the previous price (at least {0}).',
    psmMissing: 'Fill in all four prices.', vote: 'Vote', chooseOne: 'Choose one.', chooseUpTo: 'Choose up to {0}.',
    scoreHint: 'Score each option (1–5).', pointsHint: 'Share out at most {0} points.', pointsLeft: '{0} left',
    suggestion: 'Your suggestion', suggestionSent: 'Suggestion sent; it shows once approved.', entry: 'Submit a design',
    entryTitle: 'Title', entryDescription: 'Description', entryImage: 'Image (PNG, JPEG or WebP, ≤ 10 MB)',
    entrySent: 'Entry sent; it is being reviewed.', participants: 'Participants', median: 'Median', trimmedMean: 'Trimmed mean',
    yourAnswer: 'Your answer', votes: 'votes', needSignIn: 'Sign in before you submit.', tokenRequired: 'Enter a token.', closed: 'closed',
    status0: 'Network error; check your connection and try again (it is retried as the same submission).',
    status400: 'Please check your input:', status401: 'Your sign-in has expired; sign in again.', status403: 'Not allowed.',
    status404: 'This campaign or question does not exist.', status409: 'This round is not open.', status413: 'The file is too large.',
    status422: 'This does not match the earlier copy of the same submission.', status429: 'Too many submissions; try again shortly.',
    status503: 'The service is busy; try again shortly.', statusOther: 'The submission failed.', loadFailed: 'The campaign could not be loaded.',
    language: '中文', continueAsGuest: 'Continue as a guest',
  },
};

let language = sessionStorage.getItem(languageKey) === 'en' ? 'en' : 'zh';
const numbers = () => new Intl.NumberFormat(language === 'zh' ? 'zh-CN' : 'en-US');

function t(key, ...args) {
  const text = texts[language][key] ?? texts.zh[key] ?? key;
  return text.replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)] ?? ''));
}

/** An element whose text follows the language toggle. */
function tx(tag, key, className, ...args) {
  const node = el(tag, className, t(key, ...args));
  node.dataset.i18n = key;
  if (args.length) node.dataset.i18nArgs = JSON.stringify(args);
  return node;
}

function applyLanguage() {
  document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  for (const node of document.querySelectorAll('[data-i18n]')) {
    node.textContent = t(node.dataset.i18n, ...(node.dataset.i18nArgs ? JSON.parse(node.dataset.i18nArgs) : []));
  }
  document.getElementById('language').textContent = t('language');
}

const $ = id => document.getElementById(id);
const token = () => sessionStorage.getItem(tokenKey);

// --- Errors: our own sentence for the status, then the server's title, detail and field messages -----------------

function fieldFor(form, name) {
  const wanted = name.toLowerCase();
  return [...form.querySelectorAll('[data-field]')].find(f => f.dataset.field.toLowerCase() === wanted);
}

function clearErrors(form) {
  for (const node of form.querySelectorAll('.field-error, .form-error')) { node.hidden = true; node.textContent = ''; }
  for (const node of form.querySelectorAll('.invalid')) node.classList.remove('invalid');
  for (const node of form.querySelectorAll('.ok')) node.remove();
}

function showProblem(form, result) {
  const { problem, status } = result;
  const ownKey = `status${status}` in texts.zh ? `status${status}` : 'statusOther';
  const unplaced = [];
  for (const [name, messages] of Object.entries(problem.errors ?? {})) {
    const field = fieldFor(form, name);
    const text = (Array.isArray(messages) ? messages : [messages]).join(' ');
    if (field) {
      field.classList.add('invalid');
      const slot = field.closest('.field')?.querySelector('.field-error');
      if (slot) { slot.textContent = text; slot.hidden = false; continue; }
    }
    unplaced.push(text);
  }
  const box = form.querySelector('.form-error');
  box.replaceChildren(tx('strong', ownKey), ' ', el('span', 'problem-title', problem.title ?? ''));
  if (problem.detail) box.append(el('div', 'problem-detail', problem.detail));
  for (const text of unplaced) box.append(el('div', null, text));
  box.hidden = false;
}

function showOk(form, key) {
  form.querySelector('.form-error').after(tx('p', key, 'ok'));
}

/**
 * Sends one submission: the same body again reuses its Idempotency-Key; success clears it. With `dwell`, the JSON body
 * also carries dwellMs, how long the form was shown (an abuse signal the API keeps apart from the answer, so it is
 * left out of the key's fingerprint: a retry measures a longer dwell and is still the same answer).
 */
async function send(form, submission, method, url, { json, formData, fingerprint, dwell }) {
  clearErrors(form);
  if (!token()) {
    const box = form.querySelector('.form-error');
    box.replaceChildren(tx('span', 'needSignIn'));
    box.hidden = false;
    return null;
  }
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const result = await api(method, url, {
      bearer: token(), json: dwell ? { ...json, dwellMs: submission.dwellMs() } : json, form: formData,
      idempotencyKey: submission.keyFor(fingerprint ?? JSON.stringify(json)),
    });
    if (result.ok) submission.answered();
    // A network failure or a busy server keeps the key, so pressing submit again is the same submission.
    if (result.ok || (result.status >= 400 && result.status < 500)) submission.done();
    if (!result.ok) showProblem(form, result);
    return result.ok ? result : null;
  } finally {
    button.disabled = false;
    form.dispatchEvent(new Event('input'));
  }
}

function card(titleText) {
  const section = el('section', 'card');
  section.append(el('h2', null, titleText));
  return section;
}

function formShell() {
  const form = el('form');
  form.noValidate = true;
  return form;
}

function field(labelNode, input) {
  const wrap = el('div', 'field');
  if (input.id) labelNode.htmlFor = input.id;
  wrap.append(labelNode, input, el('p', 'field-error'));
  wrap.lastChild.hidden = true;
  wrap.lastChild.setAttribute('role', 'alert');
  return wrap;
}

function numberInput(id, name, min, max, step) {
  const input = el('input');
  Object.assign(input, { type: 'number', id, min: String(min), max: String(max), step: String(step), inputMode: 'numeric' });
  input.dataset.field = name;
  return input;
}

function submitRow(form) {
  const error = el('div', 'form-error error');
  error.hidden = true;
  error.setAttribute('role', 'alert');
  const button = tx('button', 'submit');
  button.type = 'submit';
  form.append(error, button);
  return button;
}

// --- Live results after one's own submission ----------------------------------------------------------------------

const submittedItems = new Map();   // itemId → the person's answer, to show beside the live figures
const votedQuestions = new Set();
const seen = new Map();

function renderPriceResult(itemId, stats) {
  const slot = document.querySelector(`[data-result-item="${CSS.escape(itemId)}"]`);
  if (!slot || !submittedItems.has(itemId) || !stats) return;
  const f = numbers();
  const median = stats.quantiles?.p50;
  slot.replaceChildren(
    row('participants', f.format(stats.participants ?? 0)),
    ...(median !== undefined && median !== null ? [row('median', f.format(Math.round(median)))] : []),
    ...(stats.trimmedMean20 !== undefined && stats.trimmedMean20 !== null ? [row('trimmedMean', f.format(Math.round(stats.trimmedMean20)))] : []),
    row('yourAnswer', submittedItems.get(itemId)),
  );
  slot.hidden = false;
}

function row(key, value) {
  const line = el('div', 'result-row');
  line.append(tx('span', key), ': ', el('strong', 'result-value', value));
  return line;
}

function renderVoteResult(questionId, results) {
  const slot = document.querySelector(`[data-result-question="${CSS.escape(questionId)}"]`);
  if (!slot || !votedQuestions.has(questionId) || !results) return;
  slot.replaceChildren(row('participants', numbers().format(results.participants ?? 0)), ...(results.options ?? []).map(option => {
    const line = el('div', 'result-row');
    const share = Number(option.share ?? 0);
    const bar = el('div', 'bar');
    bar.style.width = `${Math.min(100, share * 100)}%`;
    line.append(el('span', null, `${option.label ?? option.id} · ${(share * 100).toFixed(1)}%`), bar);
    return line;
  }));
  slot.hidden = false;
}

async function refreshPrice(itemId) {
  const result = await api('GET', `${base}/pricing/${encodeURIComponent(itemId)}/stats`);
  if (result.ok && isNewer(seen, `price:${itemId}`, result.body.asOf)) renderPriceResult(itemId, result.body);
}

async function refreshVote(questionId) {
  const result = await api('GET', `${base}/questions/${encodeURIComponent(questionId)}/results`);
  if (result.ok && isNewer(seen, `vote:${questionId}`, result.body.asOf)) renderVoteResult(questionId, result.body);
}

// --- Pricing --------------------------------------------------------------------------------------------------------

function snap(value, item) {
  const steps = Math.round((value - item.min) / item.step);
  return Math.min(item.max, Math.max(item.min, item.min + steps * item.step));
}

function directCard(item) {
  const section = card(item.name);
  const form = formShell();
  const shown = el('div', 'price-value');
  const slider = el('input');
  Object.assign(slider, { type: 'range', min: String(item.min), max: String(item.max), step: String(item.step), id: `price-${item.id}-slider` });
  slider.setAttribute('aria-label', item.name);
  const number = numberInput(`price-${item.id}`, 'price', item.min, item.max, item.step);
  const middle = snap((item.min + item.max) / 2, item);
  slider.value = number.value = String(middle);
  const show = () => { shown.textContent = `${item.currency} ${numbers().format(Number(number.value))}`; };
  slider.addEventListener('input', () => { number.value = slider.value; show(); });
  number.addEventListener('change', () => {
    const value = Number(number.value);
    number.value = String(snap(Number.isFinite(value) ? value : middle, item));
    slider.value = number.value;
    show();
  });
  show();
  form.append(shown, slider, field(tx('label', 'price'), number));
  submitRow(form);
  const result = el('div', 'result');
  result.dataset.resultItem = item.id;
  result.hidden = true;
  const submission = new Submission();
  form.addEventListener('submit', async event => {
    event.preventDefault();
    number.dispatchEvent(new Event('change'));
    const price = Number(number.value);
    if (await send(form, submission, 'POST', `${base}/pricing/${encodeURIComponent(item.id)}/submissions`, { json: { price }, dwell: true })) {
      showOk(form, 'submitted');
      submittedItems.set(item.id, `${item.currency} ${numbers().format(price)}`);
      await refreshPrice(item.id);
    }
  });
  section.append(form, result);
  return section;
}

const psmFields = [['tooCheap', 'psmTooCheap'], ['cheap', 'psmCheap'], ['expensive', 'psmExpensive'], ['tooExpensive', 'psmTooExpensive']];

function psmCard(item) {
  const section = card(item.name);
  const form = formShell();
  const inputs = psmFields.map(([name, key]) => {
    const input = numberInput(`psm-${item.id}-${name}`, name, item.min, item.max, item.step);
    form.append(field(tx('label', key), input));
    return input;
  });
  const button = submitRow(form);
  // The order is enforced as the person types: each field's minimum is the previous answer plus one step.
  const check = () => {
    let complete = true;
    let ordered = true;
    inputs.forEach((input, i) => {
      const slot = input.closest('.field').querySelector('.field-error');
      const previous = i > 0 && inputs[i - 1].value !== '' ? Number(inputs[i - 1].value) : null;
      const least = previous === null ? item.min : previous + item.step;
      input.min = String(least);
      const broken = input.value !== '' && previous !== null && Number(input.value) < least;
      input.classList.toggle('invalid', broken);
      if (broken) {
        slot.replaceChildren(tx('span', 'psmOrder', null, numbers().format(least)));
        slot.hidden = false;
        ordered = false;
      } else if (slot.firstChild?.dataset?.i18n === 'psmOrder') {
        slot.replaceChildren();
        slot.hidden = true;
      }
      if (input.value === '') complete = false;
    });
    button.disabled = !complete || !ordered;
  };
  form.addEventListener('input', check);
  check();
  const result = el('div', 'result');
  result.dataset.resultItem = item.id;
  result.hidden = true;
  const submission = new Submission();
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const body = Object.fromEntries(psmFields.map(([name], i) => [name, Number(inputs[i].value)]));
    if (await send(form, submission, 'POST', `${base}/pricing/${encodeURIComponent(item.id)}/submissions`, { json: body, dwell: true })) {
      showOk(form, 'submitted');
      const f = numbers();
      submittedItems.set(item.id, psmFields.map(([name]) => f.format(body[name])).join(' < '));
      await refreshPrice(item.id);
    }
  });
  section.append(form, result);
  return section;
}

// --- Questions: ballots and suggestions -----------------------------------------------------------------------------

function ballotInputs(question, form) {
  const name = `q-${question.id}`;
  const group = el('div', 'field');
  group.dataset.field = question.kind === 'score' ? 'scores' : question.kind === 'points' ? 'allocation' : 'choices';
  if (question.kind === 'single' || question.kind === 'multi') {
    group.append(question.kind === 'single' ? tx('p', 'chooseOne', 'muted') : tx('p', 'chooseUpTo', 'muted', question.maxChoices ?? question.options.length));
    for (const option of question.options) {
      const line = el('label', 'choice');
      const input = el('input');
      Object.assign(input, { type: question.kind === 'single' ? 'radio' : 'checkbox', name, value: option.id });
      line.append(input, el('span', null, option.label));
      group.append(line);
    }
    if (question.kind === 'multi' && question.maxChoices) {
      group.addEventListener('change', () => {
        const boxes = [...group.querySelectorAll('input[type=checkbox]')];
        const full = boxes.filter(b => b.checked).length >= question.maxChoices;
        for (const box of boxes) box.disabled = full && !box.checked;
      });
    }
  } else if (question.kind === 'score') {
    group.append(tx('p', 'scoreHint', 'muted'));
    for (const option of question.options) {
      const line = el('label', 'score-row');
      const select = el('select');
      select.name = option.id;
      select.append(el('option', null, '—'), ...[1, 2, 3, 4, 5].map(n => el('option', null, n)));
      select.firstChild.value = '';
      line.append(el('span', null, option.label), select);
      group.append(line);
    }
  } else {
    const left = tx('p', 'pointsLeft', 'muted', question.budget ?? 0);
    group.append(tx('p', 'pointsHint', 'muted', question.budget ?? 0));
    for (const option of question.options) {
      const line = el('label', 'points-row');
      const input = el('input');
      Object.assign(input, { type: 'number', min: '0', step: '1', name: option.id, value: '0', inputMode: 'numeric' });
      line.append(el('span', null, option.label), input);
      group.append(line);
    }
    group.append(left);
    group.addEventListener('input', () => {
      const used = [...group.querySelectorAll('input')].reduce((sum, i) => sum + (Number(i.value) || 0), 0);
      const remaining = (question.budget ?? 0) - used;
      left.dataset.i18nArgs = JSON.stringify([remaining]);
      left.textContent = t('pointsLeft', remaining);
      left.classList.toggle('field-error', remaining < 0);
    });
  }
  group.append(el('p', 'field-error'));
  group.lastChild.hidden = true;
  form.append(group);
  return () => {
    if (question.kind === 'single' || question.kind === 'multi') {
      return { choices: [...group.querySelectorAll('input:checked')].map(i => i.value) };
    }
    if (question.kind === 'score') {
      return { scores: Object.fromEntries([...group.querySelectorAll('select')].filter(s => s.value).map(s => [s.name, Number(s.value)])) };
    }
    return { allocation: Object.fromEntries([...group.querySelectorAll('input')].filter(i => Number(i.value) > 0).map(i => [i.name, Number(i.value)])) };
  };
}

function questionCard(question) {
  const section = card(question.title);
  const form = formShell();
  const ballot = ballotInputs(question, form);
  submitRow(form);
  const result = el('div', 'result');
  result.dataset.resultQuestion = question.id;
  result.hidden = true;
  const submission = new Submission();
  form.addEventListener('submit', async event => {
    event.preventDefault();
    if (await send(form, submission, 'POST', `${base}/questions/${encodeURIComponent(question.id)}/ballots`, { json: ballot(), dwell: true })) {
      showOk(form, 'submitted');
      votedQuestions.add(question.id);
      await refreshVote(question.id);
    }
  });

  const suggest = formShell();
  const text = el('textarea');
  Object.assign(text, { id: `suggest-${question.id}`, rows: 3, maxLength: 2000 });
  text.dataset.field = 'text';
  suggest.append(field(tx('label', 'suggestion'), text));
  submitRow(suggest);
  const suggestion = new Submission();
  suggest.addEventListener('submit', async event => {
    event.preventDefault();
    if (await send(suggest, suggestion, 'POST', `${base}/questions/${encodeURIComponent(question.id)}/suggestions`, { json: { text: text.value } })) {
      showOk(suggest, 'suggestionSent');
      text.value = '';
    }
  });
  section.append(form, result, suggest);
  return section;
}

// --- Contest entries ---------------------------------------------------------------------------------------------

function contestCard(contest) {
  const section = card(contest.title);
  if (contest.description) section.append(el('p', 'muted', contest.description));
  section.append(tx('h3', 'entry'));
  const form = formShell();
  const title = el('input');
  Object.assign(title, { type: 'text', id: `entry-${contest.id}-title`, maxLength: 200 });
  title.dataset.field = 'title';
  const description = el('textarea');
  Object.assign(description, { id: `entry-${contest.id}-description`, rows: 3 });
  description.dataset.field = 'description';
  const image = el('input');
  Object.assign(image, { type: 'file', id: `entry-${contest.id}-image`, accept: 'image/png,image/jpeg,image/webp' });
  image.dataset.field = 'image';
  form.append(field(tx('label', 'entryTitle'), title), field(tx('label', 'entryDescription'), description), field(tx('label', 'entryImage'), image));
  submitRow(form);
  const submission = new Submission();
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const file = image.files?.[0];
    const formData = new FormData();
    formData.append('title', title.value);
    formData.append('description', description.value);
    if (file) formData.append('image', file);
    const fingerprint = JSON.stringify([title.value, description.value, file?.name, file?.size, file?.lastModified]);
    if (await send(form, submission, 'POST', `${base}/contests/${encodeURIComponent(contest.id)}/entries`, { formData, fingerprint })) {
      showOk(form, 'entrySent');
    }
  });
  section.append(form);
  return section;
}

// --- Page ----------------------------------------------------------------------------------------------------------

// Offered only when this server issues guest tokens and the campaign and at least one of its activities take guests;
// an activity that does not take them still answers a guest 403, which the card shows.
let guestsWelcome = false;

function showGuestOffer() {
  $('guest').hidden = !guestsWelcome || Boolean(token());
}

async function offerGuest(campaign) {
  const activityTakesGuests = [
    ...(campaign.pricingItems ?? []).map(i => i.allowGuests),
    ...(campaign.questions ?? []).map(q => q.allowGuests || q.allowGuestSuggestions),
    ...(campaign.contests ?? []).map(c => c.allowGuests),
  ].some(Boolean);
  if (!campaign.allowGuests || !activityTakesGuests) return;
  guestsWelcome = (await api('GET', '/api/identity/guest')).ok;
  showGuestOffer();
}

async function continueAsGuest() {
  let deviceId = localStorage.getItem(deviceKey);
  if (!deviceId) {
    deviceId = `web-${crypto.randomUUID()}`;
    localStorage.setItem(deviceKey, deviceId);
  }
  const result = await api('POST', '/api/identity/guest', { json: { deviceId, channel: 'web' } });
  const error = $('guest-error');
  if (!result.ok) {
    error.replaceChildren(tx('span', 'statusOther'), ' ', el('span', null, result.problem.detail));
    error.hidden = false;
    return;
  }
  error.hidden = true;
  sessionStorage.setItem(tokenKey, result.body.token);
  await showIdentity();
}

async function showIdentity() {
  const signedIn = Boolean(token());
  showGuestOffer();
  $('sign-in').hidden = signedIn;
  $('signed-in').hidden = !signedIn;
  if (!signedIn) return;
  const me = await api('GET', '/api/identity/me', { bearer: token() });
  if (me.ok) {
    $('who').textContent = me.body.channel ? `${me.body.role} · ${me.body.channel}` : me.body.role;
  } else {
    sessionStorage.removeItem(tokenKey);
    $('sign-in').hidden = false;
    $('signed-in').hidden = true;
    const error = $('token-error');
    error.replaceChildren(tx('span', me.status === 401 ? 'status401' : 'statusOther'), ' ', el('span', null, me.problem.detail));
    error.hidden = false;
  }
}

async function load() {
  const result = await api('GET', base);
  if (!result.ok) {
    const error = $('page-error');
    error.replaceChildren(tx('span', 'loadFailed'), ' ', el('span', null, result.problem.detail || result.problem.title));
    error.hidden = false;
    return;
  }
  const campaign = result.body;
  $('campaign-name').textContent = campaign.name;
  $('campaign-description').textContent = campaign.description ?? '';
  document.title = campaign.name;
  const cards = [
    ...(campaign.pricingItems ?? []).filter(i => i.isOpen).map(i => (i.mode === 'psm' ? psmCard(i) : directCard(i))),
    ...(campaign.questions ?? []).filter(q => q.isOpen).map(questionCard),
    ...(campaign.contests ?? []).filter(c => c.stage === 'submission').map(contestCard),
  ];
  $('activities').replaceChildren(...(cards.length ? cards : [$('empty').content.cloneNode(true)]));
  applyLanguage();
  await offerGuest(campaign);
}

function takeTokenFromFragment() {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!match) return;
  sessionStorage.setItem(tokenKey, decodeURIComponent(match[1]));
  // The token leaves the address bar (and so the history and any shared link).
  history.replaceState(null, '', location.pathname + location.search);
}

$('language').addEventListener('click', () => {
  language = language === 'zh' ? 'en' : 'zh';
  sessionStorage.setItem(languageKey, language);
  applyLanguage();
});
$('sign-in-form').addEventListener('submit', async event => {
  event.preventDefault();
  const value = $('token-input').value.trim();
  const error = $('token-error');
  if (!value) {
    error.replaceChildren(tx('span', 'tokenRequired'));
    error.hidden = false;
    return;
  }
  error.hidden = true;
  sessionStorage.setItem(tokenKey, value);
  await showIdentity();
});
$('guest-button').addEventListener('click', continueAsGuest);
$('sign-out').addEventListener('click', () => {
  sessionStorage.removeItem(tokenKey);
  showIdentity();
});

takeTokenFromFragment();
applyLanguage();
showIdentity();
load();

// Public view of the hub: results come when the host reveals them; after one's own answer the page has read them.
watchLive(campaignId, null, {
  scene: () => {},
  priceStats: (itemId, stats) => { if (isNewer(seen, `price:${itemId}`, stats?.asOf)) renderPriceResult(itemId, stats); },
  voteResults: (questionId, results) => { if (isNewer(seen, `vote:${questionId}`, results?.asOf)) renderVoteResult(questionId, results); },
});
