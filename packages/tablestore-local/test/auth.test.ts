// Authentication: requests are checked against the configured access key (signature and body MD5).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attrs, createTable, ignore, startOts, type OtsClient, type OtsHarness } from './support/ots';
import { expectClientError, expectOtsError } from './helpers';
import { encode, plainBuffer, rawCall } from './raw';

let ots: OtsHarness;
let client: OtsClient;
let table: string;

beforeAll(async () => {
  ots = await startOts({ accessKeyId: 'test-key', accessKeySecret: 'test-secret', instance: 'authinst' });
  client = ots.client();
  table = ots.uniqueTable('auth');
  await createTable(client, table, [['pk', 'STRING']]);
  await client.putRow({ tableName: table, primaryKey: [{ pk: 'r' }], attributeColumns: [{ v: 'original' }], condition: ignore() });
});
afterAll(async () => {
  await ots?.stop();
});

const current = async () => attrs((await client.getRow({ tableName: table, primaryKey: [{ pk: 'r' }] })).row).v;

describe('SDK credentials', () => {
  it('the configured key works and the server reports it', () => {
    expect(ots.server.accessKeyId).toBe('test-key');
    expect(ots.server.accessKeySecret).toBe('test-secret');
    expect(ots.server.instance).toBe('authinst');
  });

  it('a wrong secret gets 403 OTSAuthFailed and changes nothing', async () => {
    const bad = ots.client({ secretAccessKey: 'wrong-secret' });
    await expectOtsError(bad.listTable({}), 403, 'OTSAuthFailed');
    await expectOtsError(
      bad.putRow({ tableName: table, primaryKey: [{ pk: 'r' }], attributeColumns: [{ v: 'hacked' }], condition: ignore() }),
      403, 'OTSAuthFailed',
    );
    await expectOtsError(bad.getRow({ tableName: table, primaryKey: [{ pk: 'r' }] }), 403, 'OTSAuthFailed');
    expect(await current()).toBe('original');
  });

  it('a wrong access key id gets 403 OTSAuthFailed', async () => {
    const bad = ots.client({ accessKeyId: 'someone-else' });
    await expectOtsError(bad.listTable({}), 403, 'OTSAuthFailed');
    await expectOtsError(bad.deleteTable({ tableName: table }), 403, 'OTSAuthFailed');
    expect((await client.describeTable({ tableName: table })).tableMeta.tableName).toBe(table);
  });

  it('the default local credentials do not open a server configured with other ones', async () => {
    const bad = ots.client({ accessKeyId: 'lianban-local', secretAccessKey: 'lianban-local-secret' });
    await expectOtsError(bad.listTable({}), 403, 'OTSAuthFailed');
  });

  it('a wrong instance name is refused', async () => {
    await expectClientError(ots.client({ instancename: 'otherinst' }).listTable({}));
  });
});

describe('raw requests', () => {
  const putBody = (v: string) => encode('PutRowRequest', {
    tableName: table,
    row: plainBuffer.serializeForPutRow([{ pk: 'r' }], [{ v }]),
    condition: { rowExistence: 0 },
  });

  it('a correctly signed raw request succeeds (control)', async () => {
    const res = await rawCall(ots.server, 'ListTable', encode('ListTableRequest', {}));
    expect(res.status).toBe(200);
    const decoded = await rawCall(ots.server, 'PutRow', putBody('raw-ok'));
    expect(decoded.status).toBe(200);
    expect(await current()).toBe('raw-ok');
  });

  it('a body that does not match x-ots-contentmd5 gets 403 OTSAuthFailed and changes nothing', async () => {
    const signed = putBody('signed');
    const tampered = putBody('tamper');
    expect(tampered.length).toBe(signed.length);
    const res = await rawCall(ots.server, 'PutRow', signed, { sendBody: tampered });
    expect([res.status, res.code]).toEqual([403, 'OTSAuthFailed']);
    expect(await current()).toBe('raw-ok');
  });

  it('a forged x-ots-contentmd5 (signed as sent) still fails the MD5 check', async () => {
    const res = await rawCall(ots.server, 'PutRow', putBody('forged'), { md5: '1B2M2Y8AsgTpgAmY7PhCfg==' });
    expect([res.status, res.code]).toEqual([403, 'OTSAuthFailed']);
    expect(await current()).toBe('raw-ok');
  });

  it('a wrong signature gets 403 OTSAuthFailed', async () => {
    const res = await rawCall(ots.server, 'PutRow', putBody('badsig'), { signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' });
    expect([res.status, res.code]).toEqual([403, 'OTSAuthFailed']);
    expect(await current()).toBe('raw-ok');
  });

  it('a signature for another API path is refused', async () => {
    // Signed as ListTable, sent to PutRow: the path is part of the string to sign.
    const body = putBody('otherpath');
    const wrong = await rawCall(ots.server, 'PutRow', body, { signAs: 'ListTable' });
    expect([wrong.status, wrong.code]).toEqual([403, 'OTSAuthFailed']);
    expect(await current()).toBe('raw-ok');
  });

  it('missing authentication headers are refused', async () => {
    for (const h of ['x-ots-signature', 'x-ots-accesskeyid', 'x-ots-contentmd5', 'x-ots-date']) {
      const res = await rawCall(ots.server, 'PutRow', putBody(`no-${h}`), { omit: [h] });
      expect(res.status, h).toBeGreaterThanOrEqual(400);
      expect(res.status, h).toBeLessThan(500);
    }
    expect(await current()).toBe('raw-ok');
  });

  it('the admin counters route needs no signature', async () => {
    const res = await fetch(`${ots.server.url}/__local/counters`);
    expect(res.status).toBe(200);
    expect(typeof (await res.json())).toBe('object');
  });
});
