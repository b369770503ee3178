/**
 * Talking to an xAPI learning record store: sending statements and reading a
 * course's statements back, page by page. The LRS is untrusted storage: nothing read here is
 * believed until the entries the statements carry are verified (./carry.ts). Pure apart from
 * the `fetch` it is given, so the tests run it against a real LRS in Node and the desk in the
 * browser.
 *
 * Every failure comes back as a Result whose sentence says what happened and what to do, and
 * never contains the key or the secret (they are sent in the Authorization header only, never
 * in a URL, which servers and proxies log).
 */
import { fail, ok, type Result } from '../result';

/** The version header every xAPI request carries (xAPI 1.0.3 Part 3 §6.2). */
export const XAPI_HEADER_VERSION = '1.0.3';
/** Statements per POST: small enough for any LRS's body limit, few enough requests. */
export const BATCH_SIZE = 50;
/** Pages read at most when following `more`: a cohort of thousands, not an endless loop. */
export const MAX_PAGES = 1000;

export interface LrsCredentials {
  key: string;
  secret: string;
}

export interface LrsConnection {
  /** The LRS's xAPI endpoint, ending in "/" (e.g. https://lrs.example.com/data/xAPI/). */
  endpoint: string;
  credentials: LrsCredentials;
  fetch: typeof fetch;
  /** Whether the device believes it is online (navigator.onLine); default true. */
  online?: () => boolean;
}

export type LrsReason =
  /** The device is offline: nothing was tried. */
  | 'offline'
  /** No answer at all: the LRS is down, or the address is wrong. */
  | 'unreachable'
  /** The LRS answers, but its CORS settings do not let this site read the answer. */
  | 'cors-refused'
  /** 401: the key and secret were not accepted. */
  | 'wrong-credentials'
  /** 403: the key may not do this (read, or write). */
  | 'forbidden'
  /** 5xx, or an answer that is not what xAPI says. */
  | 'lrs-error'
  /** A `more` link to another server, a loop, or too many pages. */
  | 'bad-paging';

export type LrsFailure = Result<never, LrsReason> & { ok: false };

/** The endpoint as the owner wrote it, checked: an absolute https (or loopback http) URL ending in "/". */
export function lrsEndpoint(raw: string | undefined): Result<string | undefined> {
  const text = raw?.trim();
  if (!text) return ok(undefined);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return fail(
      'not-a-url',
      `The LRS endpoint "${text}" is not an absolute address such as https://lrs.example.com/xAPI/.`,
    );
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    return fail(
      'not-https',
      `The LRS endpoint "${text}" must start with https:// (plain http only on this computer): the trainer's key and secret travel with every request.`,
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    return fail(
      'extra-parts',
      `The LRS endpoint "${text}" must be a plain address, without a query, fragment or user name.`,
    );
  }
  return ok(url.href.endsWith('/') ? url.href : `${url.href}/`);
}

function basic({ key, secret }: LrsCredentials): string {
  // btoa takes Latin-1 only: encode as UTF-8 first, so any key and secret can be sent.
  const bytes = new TextEncoder().encode(`${key}:${secret}`);
  return `Basic ${btoa(String.fromCharCode(...bytes))}`;
}

function headers(conn: LrsConnection, json: boolean): Record<string, string> {
  return {
    Authorization: basic(conn.credentials),
    'X-Experience-API-Version': XAPI_HEADER_VERSION,
    ...(json && { 'Content-Type': 'application/json' }),
  };
}

const host = (endpoint: string) => new URL(endpoint).host;

/**
 * Why a request got no answer the page may read. `fetch` says only "failed" for a server that is
 * down, a refused CORS check and a dropped network alike; a `no-cors` request to the LRS's public
 * `about` resource tells them apart: it succeeds (with an opaque answer) when the server is up.
 */
async function noAnswer(conn: LrsConnection): Promise<LrsFailure> {
  if (conn.online && !conn.online()) {
    return fail('offline', 'This device is offline.');
  }
  try {
    await conn.fetch(new URL('about', conn.endpoint), { mode: 'no-cors', credentials: 'omit', cache: 'no-store' });
    return fail(
      'cors-refused',
      `The LRS at ${host(conn.endpoint)} answers, but does not let this site read its answers (CORS). Its administrator must allow requests from this site's address, with the Authorization, Content-Type and X-Experience-API-Version headers.`,
    );
  } catch {
    return fail(
      'unreachable',
      `The LRS at ${host(conn.endpoint)} cannot be reached: it may be down, or this device has no network.`,
    );
  }
}

/** The failure an HTTP status means, or undefined for a status the caller handles. */
function statusFailure(status: number, doing: string, conn: LrsConnection): LrsFailure | undefined {
  if (status === 401) {
    return fail(
      'wrong-credentials',
      `The LRS at ${host(conn.endpoint)} did not accept the key and secret (401). Check them with whoever runs the LRS, and enter them again.`,
    );
  }
  if (status === 403) {
    return fail('forbidden', `The LRS at ${host(conn.endpoint)} does not let this key ${doing} (403).`);
  }
  if (status >= 500) {
    return fail(
      'lrs-error',
      `The LRS at ${host(conn.endpoint)} failed while ${doing}ing (${status}); try again later.`,
    );
  }
  return undefined;
}

async function request(conn: LrsConnection, url: URL, init: RequestInit): Promise<Response | LrsFailure> {
  try {
    return await conn.fetch(url, { ...init, credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer' });
  } catch {
    return noAnswer(conn);
  }
}

const isFailure = (r: Response | LrsFailure): r is LrsFailure => 'ok' in r && r.ok === false && 'reason' in r;

/** What the LRS said, shortened, for a refused statement's message. */
async function said(response: Response): Promise<string> {
  const text = (await response.text().catch(() => '')).replace(/\s+/g, ' ').trim();
  let message = text;
  try {
    const json = JSON.parse(text) as { message?: unknown; warnings?: unknown };
    if (typeof json.message === 'string') message = json.message;
  } catch {
    // Not JSON: the text as it is.
  }
  return message.length > 300 ? `${message.slice(0, 297)}…` : message;
}

export interface SendOutcome {
  /** Ids the LRS now holds (stored now, or the very same statement already). */
  stored: string[];
  /** Statements the LRS refused, each with why: they will never be accepted as they are. */
  refused: { id: string; message: string }[];
  /** Why sending stopped, when it did: what was not sent is still to send. */
  stopped?: LrsFailure;
}

interface HasId {
  id: string;
}

/**
 * Sends statements in batches. A batch the LRS refuses as a whole (400, or 409 when one id is
 * known with other content: xAPI refuses the whole batch then) is sent again one statement at a
 * time with PUT, so one bad statement does not hold back the others. Sending the same statement
 * twice is harmless: an LRS accepts a known id with the same content again without storing it twice
 * (xAPI 1.0.3 Part 3 §1.4.1), and it counts as stored.
 */
export async function sendStatements(conn: LrsConnection, statements: readonly HasId[]): Promise<SendOutcome> {
  const outcome: SendOutcome = { stored: [], refused: [] };
  const url = new URL('statements', conn.endpoint);
  for (let i = 0; i < statements.length; i += BATCH_SIZE) {
    const batch = statements.slice(i, i + BATCH_SIZE);
    const response = await request(conn, url, {
      method: 'POST',
      headers: headers(conn, true),
      body: JSON.stringify(batch),
    });
    if (isFailure(response)) return { ...outcome, stopped: response };
    const stop = statusFailure(response.status, 'send', conn);
    if (stop) return { ...outcome, stopped: stop };
    if (response.ok) {
      outcome.stored.push(...batch.map((s) => s.id));
      continue;
    }
    for (const statement of batch) {
      const one = new URL(url);
      one.searchParams.set('statementId', statement.id);
      const answer = await request(conn, one, {
        method: 'PUT',
        headers: headers(conn, true),
        body: JSON.stringify(statement),
      });
      if (isFailure(answer)) return { ...outcome, stopped: answer };
      const stopOne = statusFailure(answer.status, 'send', conn);
      if (stopOne) return { ...outcome, stopped: stopOne };
      if (answer.ok) outcome.stored.push(statement.id);
      else if (answer.status === 409) {
        outcome.refused.push({
          id: statement.id,
          message:
            `The LRS already holds a different statement under this id (409): someone changed it there, or an older version of this site sent it. ${await said(answer)}`.trim(),
        });
      } else {
        outcome.refused.push({
          id: statement.id,
          message: `The LRS refused the statement (${answer.status}): ${await said(answer)}`,
        });
      }
    }
  }
  return outcome;
}

export interface ReadOutcome {
  statements: unknown[];
  pages: number;
}

/**
 * Every statement about `activity` (as object or in its context: `related_activities`), following
 * `more` until the last page. A `more` that leads to another server is refused: the key and secret
 * would go with it.
 */
export async function readStatements(
  conn: LrsConnection,
  activity: string,
  options: { pageSize?: number } = {},
): Promise<Result<ReadOutcome, LrsReason>> {
  const first = new URL('statements', conn.endpoint);
  first.searchParams.set('activity', activity);
  first.searchParams.set('related_activities', 'true');
  first.searchParams.set('ascending', 'true');
  // Without a limit the LRS picks its page size; the tests ask for small pages to follow `more`.
  if (options.pageSize !== undefined) first.searchParams.set('limit', String(options.pageSize));
  const origin = new URL(conn.endpoint).origin;
  const seen = new Set<string>();
  const statements: unknown[] = [];
  let next: URL | undefined = first;
  let pages = 0;
  while (next) {
    if (pages >= MAX_PAGES) {
      return fail('bad-paging', `The LRS kept offering more pages after ${MAX_PAGES}; stopped reading.`);
    }
    if (seen.has(next.href)) return fail('bad-paging', 'The LRS sent the same page twice; stopped reading.');
    seen.add(next.href);
    const response = await request(conn, next, { method: 'GET', headers: headers(conn, false) });
    if (isFailure(response)) return response;
    const stop = statusFailure(response.status, 'read', conn);
    if (stop) return stop;
    if (!response.ok) {
      return fail('lrs-error', `The LRS did not answer the query (${response.status}): ${await said(response)}`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return fail('lrs-error', 'The LRS answered something that is not JSON.');
    }
    const result = body as { statements?: unknown; more?: unknown };
    if (typeof body !== 'object' || body === null || !Array.isArray(result.statements)) {
      return fail('lrs-error', 'The LRS answered without a list of statements.');
    }
    statements.push(...(result.statements as unknown[]));
    pages++;
    next = undefined;
    if (typeof result.more === 'string' && result.more !== '') {
      let more: URL;
      try {
        more = new URL(result.more, conn.endpoint);
      } catch {
        return fail('bad-paging', 'The LRS sent a next-page link that is not an address.');
      }
      if (more.origin !== origin) {
        return fail(
          'bad-paging',
          `The LRS sent a next-page link to another server (${more.host}); it was not followed, so the key and secret stay with ${host(conn.endpoint)}.`,
        );
      }
      next = more;
    }
  }
  return ok({ statements, pages });
}
