// Independent check of a VC-JWT issued by ReferralTraining, with panva/jose rather than our own code.
// Usage: node verify.mjs <jwt-file> <jwk-file>
// Exits 0 only when jwtVerify accepts the token with algorithms ['ES256'] and typ 'JWT'; 1 when it is
// rejected; 2 on a usage error. Prints one JSON line saying why.
import { readFileSync } from 'node:fs';
import { calculateJwkThumbprint, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';

const [jwtPath, jwkPath] = process.argv.slice(2);
if (!jwtPath || !jwkPath) {
  console.error('usage: node verify.mjs <jwt-file> <jwk-file>');
  process.exit(2);
}

let jwt, jwk;
try {
  jwt = readFileSync(jwtPath, 'utf8').trim();
  jwk = JSON.parse(readFileSync(jwkPath, 'utf8'));
} catch (error) {
  console.error(`cannot read input: ${error.message}`);
  process.exit(2);
}

try {
  if ('d' in jwk) {
    throw new Error('the published JWK contains the private member d');
  }
  const header = decodeProtectedHeader(jwt);
  if (jwk.kid !== undefined && header.kid !== jwk.kid) {
    throw new Error(`header kid ${header.kid} is not the JWK's kid ${jwk.kid}`);
  }
  // Our kid URLs end in the RFC 7638 thumbprint of the key; check it with jose's own implementation.
  const match = /\/keys\/([A-Za-z0-9_-]{43})$/.exec(header.kid ?? '');
  if (match && match[1] !== await calculateJwkThumbprint(jwk, 'sha256')) {
    throw new Error('the kid does not end in the RFC 7638 thumbprint of the JWK');
  }
  const key = await importJWK(jwk, 'ES256');
  const { payload, protectedHeader } = await jwtVerify(jwt, key, { algorithms: ['ES256'], typ: 'JWT' });
  console.log(JSON.stringify({ valid: true, header: protectedHeader, iss: payload.iss, jti: payload.jti, sub: payload.sub }));
  process.exit(0);
} catch (error) {
  console.log(JSON.stringify({ valid: false, code: error.code ?? null, message: error.message }));
  process.exit(1);
}
