// Shared by the overlay, the host console and the participant page: the campaign id from the URL, calls to the API
// with ProblemDetails read back, and a hub connection that reconnects by itself and watches again.
// Text from the server is only ever set with textContent.

/** The campaign id: the last path segment (/overlay/{c}, /host/{c}, /c/{c}). */
export function campaignFromPath() {
  const parts = location.pathname.split('/').filter(Boolean);
  return decodeURIComponent(parts[parts.length - 1] ?? '');
}

/** Creates an element with optional class and text (textContent, never HTML). */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/**
 * Calls the API. Resolves to {ok, status, body, problem}; a network failure is status 0 with a problem of its own,
 * so callers show every failure the same way.
 */
export async function api(method, url, { bearer, json, form, idempotencyKey } = {}) {
  const headers = { Accept: 'application/json, application/problem+json' };
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  let body;
  if (json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(json);
  } else if (form) {
    body = form;
  }
  let response;
  try {
    response = await fetch(url, { method, headers, body, credentials: 'same-origin' });
  } catch (error) {
    return { ok: false, status: 0, body: null, problem: { title: 'Network error', detail: String(error?.message ?? error), errors: {} } };
  }
  let parsed = null;
  const text = await response.text();
  if (text) {
    try { parsed = JSON.parse(text); } catch { parsed = null; }
  }
  if (response.ok) return { ok: true, status: response.status, body: parsed, problem: null };
  const problem = parsed && typeof parsed === 'object' ? parsed : {};
  return {
    ok: false,
    status: response.status,
    body: parsed,
    problem: {
      title: problem.title ?? `HTTP ${response.status}`,
      detail: problem.detail ?? '',
      errors: problem.errors && typeof problem.errors === 'object' ? problem.errors : {},
      retryAfter: response.headers.get('Retry-After'),
    },
  };
}

/**
 * One Idempotency-Key per submission: the same body sent again (a retry after a network error or a 503) reuses the
 * key, so the server counts it once; a changed body or a submission that went through gets a new one.
 */
export class Submission {
  #fingerprint = null;
  #key = null;
  // When the form was shown (created with it), or when the person's last answer went through: dwellMs measures from here.
  #shownAt = performance.now();

  /** Milliseconds the form has been shown, whole, within what the API takes (0..a day). */
  dwellMs() {
    return Math.min(86_400_000, Math.max(0, Math.round(performance.now() - this.#shownAt)));
  }

  /** The answer went through: a next answer is timed from now. */
  answered() {
    this.#shownAt = performance.now();
  }

  keyFor(fingerprint) {
    if (this.#fingerprint !== fingerprint || !this.#key) {
      this.#fingerprint = fingerprint;
      this.#key = crypto.randomUUID();
    }
    return this.#key;
  }

  done() {
    this.#fingerprint = null;
    this.#key = null;
  }
}

/** Keeps, per topic, the message with the highest asOf.sequence: the state sent at Watch can cross a push. */
export function isNewer(seen, key, asOf) {
  const sequence = asOf?.sequence ?? 0;
  if ((seen.get(key) ?? -1) > sequence) return false;
  seen.set(key, sequence);
  return true;
}

const retryDelays = [0, 500, 1000, 2000, 4000, 8000, 15000];

function backoff(attempt) {
  const base = retryDelays[Math.min(attempt, retryDelays.length - 1)];
  return base + Math.floor(Math.random() * 250);
}

/**
 * Watches a campaign on /hubs/live and keeps watching: reconnects with backoff for as long as the page is open
 * (also after the server restarted), and invokes Watch again each time, which re-sends the current state.
 * `handlers` maps hub methods (scene, priceStats, voteResults, leaderboard) to functions; onStatus gets
 * 'connecting' | 'live' | 'reconnecting' and onWatched the Watch answer.
 */
export function watchLive(campaignId, token, handlers, { onStatus = () => {}, onWatched = () => {}, onError = () => {} } = {}) {
  const connection = new signalR.HubConnectionBuilder()
    .withUrl('/hubs/live')
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: context => backoff(context.previousRetryCount) })
    .configureLogging(signalR.LogLevel.None)
    .build();
  for (const [method, handler] of Object.entries(handlers)) connection.on(method, handler);

  const watch = async () => {
    try {
      onWatched(await connection.invoke('Watch', campaignId, token || null));
      onStatus('live');
    } catch (error) {
      onError(error);
    }
  };

  let attempt = 0;
  const start = async () => {
    onStatus(attempt === 0 ? 'connecting' : 'reconnecting');
    try {
      await connection.start();
      attempt = 0;
      await watch();
    } catch {
      setTimeout(start, backoff(++attempt));
    }
  };

  connection.onreconnecting(() => onStatus('reconnecting'));
  connection.onreconnected(watch);
  // Automatic reconnect gives up only when told to stop; a close after that (or of the first start) starts over.
  connection.onclose(() => setTimeout(start, backoff(++attempt)));
  start();
  return connection;
}

/** A ProblemDetails as lines a person can read: title, detail, then each field's messages. */
export function problemLines(problem) {
  const lines = [`${problem.title ?? ''}`, problem.detail ?? ''];
  for (const [name, messages] of Object.entries(problem.errors ?? {})) {
    lines.push(`${name}: ${(Array.isArray(messages) ? messages : [messages]).join(' ')}`);
  }
  return lines.filter(Boolean);
}
