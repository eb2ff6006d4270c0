// A standalone OpenID provider for the SSO tests (issue 23), built on panva/oidc-provider.
// Configured by environment: PORT (0 = any free port; the chosen one is printed as "listening <port>"),
// HOST (default 127.0.0.1), CLIENTS (JSON array of {client_id, client_secret, redirect_uris}).
// Test-only endpoints (loopback only, no authentication): POST /test/clients, /test/accounts, /test/rotate,
// /test/next-id-token. The login page accepts any account id: this provider exists to be driven by tests.
import http from 'node:http';
import crypto from 'node:crypto';
import { Provider } from 'oidc-provider';
import * as jose from 'jose';

const host = process.env.HOST ?? '127.0.0.1';
const requestedPort = Number(process.env.PORT ?? 0);

const clients = new Map();
for (const c of JSON.parse(process.env.CLIENTS ?? '[]')) clients.set(c.client_id, c);
const accounts = new Map();
const keys = []; // private JWKs, newest first: the first signs, all are published
let pendingIdToken = null; // one-shot changes to the next issued ID token
let provider;
let issuer;
const cookieKeys = [crypto.randomBytes(32).toString('hex')];

async function newKey() {
  const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
  const jwk = await jose.exportJWK(privateKey);
  jwk.kid = crypto.randomUUID();
  jwk.alg = 'RS256';
  jwk.use = 'sig';
  keys.unshift(jwk);
  return jwk.kid;
}

function accountClaims(id) {
  const known = accounts.get(id);
  if (known) return { ...known, sub: id };
  // Unknown ids: the id is the address when it looks like one; "unverified-..." addresses are not verified.
  return id.includes('@') ? { sub: id, email: id, email_verified: !id.startsWith('unverified'), given_name: 'Test', family_name: 'Person' } : { sub: id };
}

function build() {
  const next = new Provider(issuer, {
    clients: [...clients.values()].map((c) => ({
      client_id: c.client_id,
      client_secret: c.client_secret,
      redirect_uris: c.redirect_uris,
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_post',
    })),
    jwks: { keys },
    cookies: { keys: cookieKeys },
    // amr and acr ride with the openid scope and scope claims go in the ID token too (as most enterprise providers do).
    claims: { openid: ['sub', 'amr', 'acr'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name', 'name'], auth_time: null, sid: null },
    conformIdTokenClaims: false,
    acrValues: ['urn:rt:test:pwd', 'urn:rt:test:mfa', 'urn:example:strong'],
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    ttl: { Session: 3600, Interaction: 600, Grant: 3600, AccessToken: 600, AuthorizationCode: 60, IdToken: 600 },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (ctx, id) => ({ accountId: id, claims: async () => accountClaims(id) }),
    // Consent is not part of what is tested: every client gets the scopes it asked for.
    loadExistingGrant: async (ctx) => {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) {
        const found = await ctx.oidc.provider.Grant.find(grantId);
        if (found) return found;
      }
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  next.use(async (ctx, nextMiddleware) => {
    await nextMiddleware();
    if (ctx.path === '/token' && pendingIdToken && ctx.body?.id_token) {
      const change = pendingIdToken;
      pendingIdToken = null;
      const payload = jose.decodeJwt(ctx.body.id_token);
      Object.assign(payload, change.claims ?? {});
      if (change.expired) {
        const now = Math.floor(Date.now() / 1000);
        payload.iat = now - 7200;
        payload.exp = now - 3600;
      }
      const signer = change.unknownKey ? (await jose.generateKeyPair('RS256', { extractable: true })).privateKey : await jose.importJWK(keys[0], 'RS256');
      ctx.body = { ...ctx.body, id_token: await new jose.SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid: change.unknownKey ? 'unknown-key' : keys[0].kid }).sign(signer) };
    }
  });
  provider = next;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    let data = '';
    req.on('data', (chunk) => { data += chunk; });
    req.on('end', () => resolve(data));
    req.on('error', reject);
  });
}

function send(res, status, body, type = 'application/json') {
  res.writeHead(status, { 'content-type': type });
  res.end(type === 'application/json' ? JSON.stringify(body) : body);
}

const escape = (s) => String(s).replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

async function handle(req, res) {
  const url = new URL(req.url, issuer);
  if (req.method === 'POST' && url.pathname.startsWith('/test/')) {
    const body = JSON.parse((await readBody(req)) || '{}');
    switch (url.pathname) {
      case '/test/clients':
        clients.set(body.client_id, body);
        build();
        return send(res, 200, { ok: true });
      case '/test/accounts':
        accounts.set(body.sub, body);
        return send(res, 200, { ok: true });
      case '/test/rotate': {
        const kid = await newKey();
        build();
        return send(res, 200, { kid });
      }
      case '/test/next-id-token':
        pendingIdToken = body;
        return send(res, 200, { ok: true });
      default:
        return send(res, 404, { error: 'unknown test endpoint' });
    }
  }
  const interaction = url.pathname.match(/^\/interaction\/([^/]+)(\/login)?$/);
  if (interaction) {
    const details = await provider.interactionDetails(req, res);
    if (req.method === 'GET') {
      const hint = details.params.login_hint ?? '';
      return send(res, 200, `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test provider sign-in</title></head><body>
<h1>Test provider sign-in</h1><p>Client: ${escape(details.params.client_id)}</p>
<form method="post" action="/interaction/${escape(details.uid)}/login">
<label for="login">Account</label> <input id="login" name="login" value="${escape(hint)}">
<label><input type="checkbox" id="mfa" name="mfa" value="1"> Used a second factor</label>
<label for="acr">acr</label> <input id="acr" name="acr" value="">
<button type="submit" id="submit">Sign in</button></form></body></html>`, 'text/html; charset=utf-8');
    }
    const form = new URLSearchParams(await readBody(req));
    const login = { accountId: form.get('login'), amr: form.get('mfa') ? ['pwd', 'mfa'] : ['pwd'] };
    if (form.get('acr')) login.acr = form.get('acr');
    return provider.interactionFinished(req, res, { login }, { mergeWithLastSubmission: false });
  }
  return provider.callback()(req, res);
}

await newKey();
const server = http.createServer((req, res) => {
  handle(req, res).catch((error) => {
    console.error(error);
    if (!res.headersSent) send(res, 500, { error: String(error?.message ?? error) });
  });
});
server.listen(requestedPort, host, () => {
  const { port } = server.address();
  issuer = `http://${host}:${port}`;
  build();
  console.log(`listening ${port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
