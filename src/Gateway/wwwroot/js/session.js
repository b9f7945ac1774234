// Who is signed in, for this tab only (sessionStorage, never localStorage): the access token with its role and
// unit, and, for a real sign-in (OpenID Connect, src/docs/security.md), the refresh and ID tokens.

const key = 'callresponse.session';

/** { token, role, unit, userId, name?, refreshToken?, idToken?, expiresAt? } or null. */
export function current() {
  const stored = sessionStorage.getItem(key);
  return stored ? JSON.parse(stored) : null;
}

export function signIn(session) {
  sessionStorage.setItem(key, JSON.stringify(session));
}

/** Forgets the session in this tab; oidc.js's signOut also ends it at the identity service. */
export function forget() {
  sessionStorage.removeItem(key);
}
