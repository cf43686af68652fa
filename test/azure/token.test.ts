import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeClaims, maskToken } from '../../src/azure/token.js';
import { Redactor } from '../../src/logger.js';

test('maskToken shows the first 8 and last 4 characters only', () => {
  const token = 'abcdefgh' + 'x'.repeat(100) + 'wxyz';
  assert.equal(maskToken(token), 'abcdefgh...wxyz');
  assert.equal(maskToken('12345678901234567'), '12345678...4567');
});

test('maskToken shows nothing of a token of 16 characters or fewer', () => {
  assert.equal(maskToken('1234567890123456'), '****');
  assert.equal(maskToken('short'), '****');
  assert.equal(maskToken(''), '****');
});

test('decodeClaims reads user and application claims', () => {
  const encode = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const user = `${encode({ alg: 'none' })}.${encode({ tid: 't', oid: 'o', upn: 'ada@contoso.com', idtyp: 'user' })}.sig`;
  assert.deepEqual(decodeClaims(user), {
    tenantId: 't',
    objectId: 'o',
    appId: undefined,
    userName: 'ada@contoso.com',
    identityType: 'user',
    audience: undefined,
  });
  const app = `${encode({ alg: 'none' })}.${encode({ tid: 't', oid: 'o', appid: 'a' })}.sig`;
  assert.equal(decodeClaims(app).identityType, 'app');
  assert.equal(decodeClaims(app).appId, 'a');
  assert.deepEqual(decodeClaims('not-a-jwt'), {});
});

test('Redactor hides registered secrets and anything shaped like a JWT', () => {
  const redactor = new Redactor();
  redactor.addSecret('hunter2-secret');
  const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJ0aWQiOiJ0ZW5hbnQifQ.c2lnbmF0dXJl';
  const out = redactor.redact(`secret=hunter2-secret token=${jwt} done`);
  assert.equal(out, 'secret=[redacted secret] token=[redacted token] done');
});
