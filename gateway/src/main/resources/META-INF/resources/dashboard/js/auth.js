// OpenID Connect authorization code flow with PKCE (RFC 7636, S256), as a public client.
// The access token lives in this module's memory only: a reload or a new tab signs in again. The only thing kept in
// the browser is the PKCE verifier, state and nonce of a sign-in under way, in sessionStorage, for the one redirect
// to the provider and back; they are removed as soon as the page is back (they are not case data).

const PENDING = 'cop-dashboard.sign-in';
const EXPIRY_MARGIN_MS = 30_000;

let current = null; // { accessToken, expiresAt, claims }
const endListeners = [];

export class SignInError extends Error {}

export async function loadConfig() {
  const response = await fetch('config.json', { cache: 'no-store', credentials: 'omit' });
  if (!response.ok) {
    throw new Error(`config.json answered ${response.status}`);
  }
  return response.json();
}

/** The provider's endpoints: configured, or from its discovery document (whose issuer must be the configured one). */
export async function endpoints(config) {
  if (config.authorizationEndpoint && config.tokenEndpoint) {
    return { authorization: config.authorizationEndpoint, token: config.tokenEndpoint };
  }
  const issuer = config.issuer.replace(/\/+$/, '');
  const response = await fetch(`${issuer}/.well-known/openid-configuration`, { cache: 'no-store', credentials: 'omit' });
  if (!response.ok) {
    throw new SignInError(`the identity provider's discovery document answered ${response.status}`);
  }
  const discovery = await response.json();
  if (String(discovery.issuer ?? '').replace(/\/+$/, '') !== issuer) {
    throw new SignInError('the discovery document names another issuer');
  }
  const methods = discovery.code_challenge_methods_supported;
  if (Array.isArray(methods) && !methods.includes('S256')) {
    throw new SignInError('the identity provider does not offer PKCE with S256');
  }
  return {
    authorization: config.authorizationEndpoint ?? discovery.authorization_endpoint,
    token: config.tokenEndpoint ?? discovery.token_endpoint,
  };
}

export function redirectUri(config) {
  return new URL(config.redirectPath, window.location.origin).href;
}

/** Leaves for the provider's sign-in page. */
export async function beginSignIn(config) {
  const provider = await endpoints(config);
  const verifier = randomText(48);
  const state = randomText(24);
  const nonce = randomText(24);
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, nonce }));
  const url = new URL(provider.authorization);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', redirectUri(config));
  url.searchParams.set('scope', config.scopes);
  url.searchParams.set('state', state);
  url.searchParams.set('nonce', nonce);
  url.searchParams.set('code_challenge', await challenge(verifier));
  url.searchParams.set('code_challenge_method', 'S256');
  window.location.assign(url.href);
}

/**
 * Back from the provider (?code=&state= or ?error=): exchanges the code for tokens. False when the page was not
 * opened by a redirect from the provider. The code and state leave the address bar either way.
 */
export async function completeSignIn(config) {
  const query = new URLSearchParams(window.location.search);
  if (!query.has('code') && !query.has('error')) {
    return false;
  }
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null');
  sessionStorage.removeItem(PENDING);
  window.history.replaceState(null, '', config.redirectPath);
  if (query.has('error')) {
    throw new SignInError(`the identity provider refused the sign-in: ${query.get('error_description') ?? query.get('error')}`);
  }
  if (!pending || pending.state !== query.get('state')) {
    throw new SignInError('this sign-in answer does not belong to a sign-in started here; please sign in again');
  }
  const provider = await endpoints(config);
  const response = await fetch(provider.token, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: query.get('code'),
      redirect_uri: redirectUri(config),
      client_id: config.clientId,
      code_verifier: pending.verifier,
    }),
    cache: 'no-store',
    credentials: 'omit',
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok || typeof answer.access_token !== 'string') {
    throw new SignInError(`the identity provider did not issue a token (${answer.error_description ?? answer.error ?? response.status})`);
  }
  const lifetime = Number(answer.expires_in) > 0 ? Number(answer.expires_in) * 1000 : 5 * 60_000;
  current = { accessToken: answer.access_token, expiresAt: Date.now() + lifetime, claims: claimsOf(answer.access_token) };
  return true;
}

export function signedIn() {
  return current !== null && Date.now() < current.expiresAt - EXPIRY_MARGIN_MS;
}

export function accessToken() {
  if (!signedIn()) {
    endSession('Your session has ended. Please sign in again.');
    return null;
  }
  return current.accessToken;
}

/** For display only (the API checks the token itself): who, which hospital, which roles. */
export function user() {
  const claims = current?.claims ?? {};
  return {
    name: claims.name ?? claims.preferred_username ?? claims.upn ?? claims.sub ?? 'unknown user',
    hospital: typeof claims.hospital === 'string' ? claims.hospital : 'no hospital in the token',
    roles: Array.isArray(claims.groups) ? claims.groups : [],
  };
}

export function onSessionEnd(listener) {
  endListeners.push(listener);
}

/** Forgets the token; listeners clear every case from the screen. */
export function endSession(message) {
  if (current === null) {
    return;
  }
  current = null;
  endListeners.forEach((listener) => listener(message));
}

function claimsOf(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(part + '='.repeat((4 - (part.length % 4)) % 4)), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return {};
  }
}

function randomText(bytes) {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function challenge(verifier) {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

function base64Url(bytes) {
  let binary = '';
  bytes.forEach((b) => {
    binary += String.fromCharCode(b);
  });
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
