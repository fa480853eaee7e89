// OneID participant tokens, minted the way the brand's OneID platform signs them (HS256, claims sub, chn, exp),
// so a k6 run needs only the issuer and the signing key the API is configured with.
import crypto from 'k6/crypto';
import encoding from 'k6/encoding';

export const CHANNELS = ['app', 'wechat', 'livestream', 'dealer', 'web'];

export function mintToken(issuer, signingKey, oneId, channel, lifetimeSeconds = 7200) {
  const now = Math.floor(Date.now() / 1000);
  const header = encoding.b64encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' }), 'rawurl');
  const payload = encoding.b64encode(JSON.stringify({
    iss: issuer, sub: oneId, chn: channel, iat: now, nbf: now, exp: now + lifetimeSeconds,
  }), 'rawurl');
  const signature = crypto.hmac('sha256', signingKey, `${header}.${payload}`, 'base64rawurl');
  return `${header}.${payload}.${signature}`;
}
