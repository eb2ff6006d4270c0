// Independent check of a VC-JWT issued by ReferralTraining, with panva/jose rather than our own code.
// Usage: node verify.mjs <jwt-file> <jwk-file> [<status-lists-file>]
// Exits 0 only when jwtVerify accepts the token with algorithms ['ES256'] and typ 'JWT'; 1 when it is
// rejected; 2 on a usage error. Prints one JSON line saying why.
// With a status-lists file (JSON: {"<statusListCredential URL>": "<list VC-JWT>", ...}) it also reads every
// BitstringStatusListEntry of the credential as W3C Bitstring Status List v1.0 says (its own GZIP and bit order,
// not ours), after verifying each list with the same key, and prints status: valid, revoked or suspended.
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { calculateJwkThumbprint, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';

const [jwtPath, jwkPath, listsPath] = process.argv.slice(2);
if (!jwtPath || !jwkPath) {
  console.error('usage: node verify.mjs <jwt-file> <jwk-file>');
  process.exit(2);
}

let jwt, jwk, lists;
try {
  jwt = readFileSync(jwtPath, 'utf8').trim();
  jwk = JSON.parse(readFileSync(jwkPath, 'utf8'));
  lists = listsPath ? JSON.parse(readFileSync(listsPath, 'utf8')) : null;
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
  const status = lists ? await readStatus(payload, key) : undefined;
  console.log(JSON.stringify({ valid: true, status, header: protectedHeader, iss: payload.iss, jti: payload.jti, sub: payload.sub }));
  process.exit(0);
} catch (error) {
  console.log(JSON.stringify({ valid: false, code: error.code ?? null, message: error.message }));
  process.exit(1);
}

// Bitstring Status List v1.0, "Validate Algorithm": for each entry, the list credential must verify and carry the same
// purpose; the bit at statusListIndex (index 0 = most significant bit of byte 0) of the GZIP-expanded list is the status.
async function readStatus(credential, key) {
  const entries = [credential.credentialStatus ?? []].flat();
  const set = new Set();
  for (const entry of entries) {
    if (entry.type !== 'BitstringStatusListEntry') continue;
    const listJwt = lists[entry.statusListCredential];
    if (!listJwt) throw new Error(`no status list given for ${entry.statusListCredential}`);
    const { payload: list } = await jwtVerify(listJwt, key, { algorithms: ['ES256'], typ: 'JWT' });
    if (list.id !== entry.statusListCredential) throw new Error('the status list id is not the URL it was fetched from');
    const subject = list.credentialSubject;
    if (subject?.statusPurpose !== entry.statusPurpose) throw new Error(`the list at ${list.id} is not for ${entry.statusPurpose}`);
    if (typeof subject.encodedList !== 'string' || !subject.encodedList.startsWith('u')) throw new Error('encodedList is not multibase base64url');
    const bits = gunzipSync(Buffer.from(subject.encodedList.slice(1), 'base64url'));
    if (bits.length * 8 < 131072) throw new Error('STATUS_LIST_LENGTH_ERROR');
    const index = Number.parseInt(entry.statusListIndex, 10);
    if (!(index >= 0 && index < bits.length * 8)) throw new Error('RANGE_ERROR');
    if (bits[index >> 3] & (0x80 >> (index & 7))) set.add(entry.statusPurpose);
  }
  return set.has('revocation') ? 'revoked' : set.has('suspension') ? 'suspended' : 'valid';
}
