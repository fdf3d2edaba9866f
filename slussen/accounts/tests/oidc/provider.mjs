// A real OpenID Connect provider for the tests (npm package oidc-provider), with one client
// and test people whose claims carry e-mail, verification, roles and organisation.
// Usage: node provider.mjs <port> <redirect_uri> <post_logout_redirect_uri>
// Prints "ready <issuer>" when it listens. The log-in form is oidc-provider's devInteractions:
// any password is accepted; the login name picks the person below.
import Provider from 'oidc-provider';

const [port, redirectUri, postLogoutUri] = process.argv.slice(2);
const issuer = `http://127.0.0.1:${port}`;

const PEOPLE = {
  'sara.holm': {
    email: 'sara.holm@sso.example.org', email_verified: true, name: 'Sara Holm',
    roles: ['Innovationsradgivare'], organisation: 'sos',
  },
  'maria.sjoberg': {  // has a local account already: linked on first log-in
    email: 'coordinator@example.org', email_verified: true, name: 'Maria Sjöberg',
    roles: ['Samordnare'], organisation: 'foi',
  },
  'unverified': {  // claims an existing account's address without proof: must be refused
    email: 'advisor@example.org', email_verified: false, name: 'Someone Else',
    roles: ['Innovationsradgivare'], organisation: 'sos',
  },
};

const page = (title, body) => `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;

const provider = new Provider(issuer, {
  clients: [{
    client_id: 'slussen',
    client_secret: 'slussen-test-secret',
    redirect_uris: [redirectUri],
    post_logout_redirect_uris: [postLogoutUri],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name', 'roles', 'organisation'],
  },
  async findAccount(ctx, id) {
    const person = PEOPLE[id];
    if (!person) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...person }; } };
  },
  cookies: { keys: ['slussen-test-cookie-key'] },
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      async logoutSource(ctx, form) {
        ctx.body = page('Sign out', `${form}<button type="submit" form="op.logoutForm" name="logout" value="yes">Yes, sign me out</button>`);
      },
      async postLogoutSuccessSource(ctx) {
        ctx.body = page('Signed out', '<p>You are signed out.</p>');
      },
    },
  },
  async renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page('Error', `<pre>${JSON.stringify(out)}</pre>`);
  },
});

provider.listen(Number(port), '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
