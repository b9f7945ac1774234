// Who is signed in: the token from the dev token issuer, with its role and unit, for this tab only.

const key = 'callresponse.session';

/** { token, role, unit, userId } or null. */
export function current() {
  const stored = sessionStorage.getItem(key);
  return stored ? JSON.parse(stored) : null;
}

export function signIn(session) {
  sessionStorage.setItem(key, JSON.stringify(session));
}

export function signOut() {
  sessionStorage.removeItem(key);
}
