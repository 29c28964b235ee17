// The public API (CONTRACT 1), and nothing else: every call carries the in-memory bearer token. Answers are never
// put in the browser's HTTP cache (cache: 'no-store'); ETags are kept in memory by the callers.

import { accessToken, endSession } from './auth.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(`${status}${problem?.title ? ` ${problem.title}` : ''}${problem?.detail ? `: ${problem.detail}` : ''}`);
    this.status = status;
    this.problem = problem;
  }
}

async function get(path, etag) {
  const token = accessToken();
  if (token === null) {
    throw new ApiError(401, { title: 'Signed out' });
  }
  const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
  if (etag) {
    headers['If-None-Match'] = etag;
  }
  const response = await fetch(path, { headers, cache: 'no-store', credentials: 'omit' });
  if (response.status === 304) {
    return { notModified: true, etag };
  }
  if (response.status === 401) {
    endSession('Your session has ended or the gateway refused the token. Please sign in again.');
    throw new ApiError(401, await problemOf(response));
  }
  if (!response.ok) {
    throw new ApiError(response.status, await problemOf(response));
  }
  return { body: await response.json(), etag: response.headers.get('ETag'), date: response.headers.get('Date') };
}

async function problemOf(response) {
  try {
    return await response.json();
  } catch {
    return null;
  }
}

/** GET /api/v1/cases?... : {items, nextCursor[, hasMore]}. */
export function listCases(query) {
  return get(`/api/v1/cases?${query}`);
}

/** GET /api/v1/cases/{caseId} with If-None-Match: {notModified} or {body, etag}. */
export function getCase(caseId, etag) {
  return get(`/api/v1/cases/${encodeURIComponent(caseId)}`, etag);
}

/** GET /api/v1/cases/{caseId}/history: a plain list (before paging) or {items, nextCursor} (paged, v1.1). */
export function getHistory(caseId, query) {
  return get(`/api/v1/cases/${encodeURIComponent(caseId)}/history?${query}`);
}
