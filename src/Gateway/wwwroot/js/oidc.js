// Sign-in through the identity service (OpenID Connect, authorization code with PKCE): the workbench is a
// public client named "workbench" that returns to this page's own address. Tokens stay in this tab.
import { current, forget, signIn } from './session.js';

const clientId = 'workbench';
const pending = 'callresponse.signin';
const scope = 'openid profile offline_access api';
// Renew this long before the access token (15 minutes) runs out.
const renewBefore = 60_000;

const home = () => `${location.origin}/`;

function base64Url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomText() {
  return base64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** Goes to the identity service's sign-in page; it comes back here with a code. */
export async function startSignIn() {
  const verifier = randomText();
  const state = randomText();
  sessionStorage.setItem(pending, JSON.stringify({ verifier, state }));
  const challenge = base64Url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const query = new URLSearchParams({
    client_id: clientId, response_type: 'code', redirect_uri: home(), scope,
    code_challenge: challenge, code_challenge_method: 'S256', state,
  });
  location.assign(`/connect/authorize?${query}`);
}

/** If this page is the return of a sign-in, redeems its code and keeps the session; true when it did. */
export async function completeSignIn() {
  const query = new URLSearchParams(location.search);
  const started = JSON.parse(sessionStorage.getItem(pending) ?? 'null');
  if (!query.has('code') || !started) return false;
  sessionStorage.removeItem(pending);
  history.replaceState(null, '', `${location.pathname}#/`);
  if (query.get('state') !== started.state) throw new Error('登录请求已失效，请重新登录。');
  keep(await tokenRequest({
    grant_type: 'authorization_code', code: query.get('code'), code_verifier: started.verifier,
    redirect_uri: home(), client_id: clientId,
  }));
  return true;
}

let renewing = null;

/** The session with an access token good for at least another minute (renewed with the refresh token). */
export async function freshSession() {
  const session = current();
  if (!session?.refreshToken || session.expiresAt - Date.now() > renewBefore) return session;
  renewing ??= tokenRequest({ grant_type: 'refresh_token', refresh_token: session.refreshToken, client_id: clientId })
    .then(keep)
    .catch(() => forget())
    .finally(() => { renewing = null; });
  await renewing;
  return current();
}

/** Signs out: the refresh token is revoked and the identity service's session ended; then back to sign-in. */
export async function signOut() {
  const session = current();
  forget();
  if (!session?.refreshToken) {
    location.hash = '#/signin';
    return;
  }
  try {
    await fetch('/connect/revoke', {
      method: 'POST',
      body: new URLSearchParams({ token: session.refreshToken, token_type_hint: 'refresh_token', client_id: clientId }),
    });
  } catch {
    // the session ends below all the same; an unrevoked refresh token runs out with its lifetime
  }
  const query = new URLSearchParams({ id_token_hint: session.idToken, post_logout_redirect_uri: home() });
  location.assign(`/connect/logout?${query}`);
}

async function tokenRequest(fields) {
  const response = await fetch('/connect/token', { method: 'POST', body: new URLSearchParams(fields) });
  if (!response.ok) throw new Error('登录已失效，请重新登录。');
  return response.json();
}

function keep(tokens) {
  const claims = JSON.parse(new TextDecoder().decode(
    Uint8Array.from(atob(tokens.access_token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0))));
  signIn({
    token: tokens.access_token,
    refreshToken: tokens.refresh_token,
    idToken: tokens.id_token,
    expiresAt: Date.now() + tokens.expires_in * 1000,
    role: claims.role,
    unit: claims.unit,
    userId: claims.sub,
    name: claims.name,
  });
}
