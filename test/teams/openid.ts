/**
 * A local stand-in for the Bot Framework's token signing keys: an OpenID
 * metadata document and its JWKS, served over HTTP, plus RS256 signing with
 * node:crypto, so botbuilder's real token validation runs against them.
 */
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import http from 'node:http';

export interface OpenIdStandIn {
  metadataUrl: string;
  /** A channel token as Teams sends it, signed by `key` (the served one by default). */
  token(claims: Record<string, unknown>, key?: { kid: string; privateKey: KeyObject }): string;
  servedKey: { kid: string; privateKey: KeyObject };
  close(): Promise<void>;
}

export function newKey(kid: string): { kid: string; privateKey: KeyObject; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { kid, privateKey, publicKey };
}

export async function startOpenId(): Promise<OpenIdStandIn> {
  const served = newKey('served-key');
  const jwk = served.publicKey.export({ format: 'jwk' });
  const server = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/v1/.well-known/openidconfiguration') {
      res.end(JSON.stringify({ issuer: 'https://api.botframework.com', jwks_uri: `${base}/v1/.well-known/keys`, id_token_signing_alg_values_supported: ['RS256'] }));
    } else if (req.url === '/v1/.well-known/keys') {
      res.end(JSON.stringify({ keys: [{ kty: 'RSA', use: 'sig', kid: served.kid, n: jwk.n, e: jwk.e, endorsements: ['msteams'] }] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    metadataUrl: `http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`,
    servedKey: served,
    token(claims, key = served) {
      const now = Math.floor(Date.now() / 1000);
      const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: key.kid }));
      const payload = b64url(JSON.stringify({ iss: 'https://api.botframework.com', nbf: now - 60, iat: now - 60, exp: now + 600, ...claims }));
      const signature = createSign('RSA-SHA256').update(`${header}.${payload}`).sign(key.privateKey).toString('base64url');
      return `${header}.${payload}.${signature}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function b64url(text: string): string {
  return Buffer.from(text).toString('base64url');
}
