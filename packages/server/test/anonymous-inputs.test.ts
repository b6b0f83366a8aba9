/**
 * Anonymity that holds (issue 16, item 3): the device tokens of the SKM and of aspirations are
 * issued and signed by the server, so the reproduction "a new made-up deviceToken on each request
 * gave one address 17 accepted responses in a minute" now gives one; real tokens are bounded per
 * address across instances (Redis); an official's kiosk collects a day's responses at its unit.
 */
import { randomBytes } from 'node:crypto';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/access/users.js';
import { openSurveyPeriod } from '../src/quality/surveys.js';
import { seedReference } from '../src/seed/seed.js';
import { startInstance, type TestInstance } from './app.js';
import { ENGINES, freshDatabase, type TestDatabase } from './databases.js';

const all = (x: number) => Array.from({ length: 9 }, () => x);
const SUBMIT = `mutation($u: ID!, $a: [Int!]!, $t: String) { submitSurveyResponse(serviceUnitId: $u, answers: $a, deviceToken: $t) { period } }`;
const ASPIRE = `mutation($t: String) { submitServiceAspiration(input: { regionCode: "17.01", category: KESEHATAN, text: "Dokter gigi hanya datang sebulan sekali." }, deviceToken: $t) { category } }`;

describe.each(ENGINES)('device tokens and the address bound on %s', (engine) => {
  let db: TestDatabase;
  let a: TestInstance;
  let b: TestInstance;
  let manna: string;
  let plaju: string;
  // Per test run: the shared Redis counts by address, and other files use other addresses.
  const net = `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
  const from = (host: number) => ({ 'x-forwarded-for': `${net}.${host}` });
  const responses = () => db.prisma.surveyResponse.count();
  const issue = async (instance: TestInstance, host: number) =>
    instance.gql('mutation { issueDeviceToken { token expiresAt serviceUnit { code } } }', {}, from(host));

  beforeAll(async () => {
    db = await freshDatabase(engine);
    await seedReference(db.prisma);
    const options = {
      redis: true,
      trustProxy: true,
      surveySecret: 'one-secret-for-every-instance',
      rateLimits: {
        'device-token': { limit: 5, windowMs: 3_600_000 },
        'anonymous-input': { limit: 30, windowMs: 600_000 },
        kiosk: { limit: 4, windowMs: 60_000 },
      },
    };
    [a, b] = await Promise.all([startInstance(db, { ...options, instanceId: 'a' }), startInstance(db, { ...options, instanceId: 'b' })]);
    const now = Date.now();
    for (const code of ['PKM-MANNA', 'KEC-MANNA']) {
      const unit = await db.prisma.serviceUnit.findUniqueOrThrow({ where: { code } });
      await openSurveyPeriod(db.prisma, {
        serviceUnitId: unit.id,
        label: `${new Date(now).getUTCFullYear()}-NOW`,
        opensAt: new Date(now - 86_400_000),
        closesAt: new Date(now + 30 * 86_400_000),
      });
    }
    manna = encodeGlobalID('ServiceUnit', (await db.prisma.serviceUnit.findUniqueOrThrow({ where: { code: 'PKM-MANNA' } })).id);
    plaju = encodeGlobalID('ServiceUnit', (await db.prisma.serviceUnit.findUniqueOrThrow({ where: { code: 'KEC-MANNA' } })).id);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await db?.close();
  });

  it('the reproduction: one real token and 17 made-up ones from one address in a minute give one response', async () => {
    const before = await responses();
    const real = (await issue(a, 1)).data.issueDeviceToken;
    expect(real.serviceUnit).toBeNull();
    expect(new Date(real.expiresAt).getTime()).toBeGreaterThan(Date.now() + 300 * 86_400_000);
    expect((await b.gql(SUBMIT, { u: manna, a: all(4), t: real.token }, from(1))).errors).toBeUndefined(); // another instance accepts it
    const [kind, id, expiry, unit] = real.token.split('.');
    for (let i = 0; i < 17; i++) {
      const madeUp =
        i % 2
          ? `phone-${i}-${randomBytes(4).toString('hex')}`
          : [kind, randomBytes(16).toString('base64url'), expiry, unit, randomBytes(32).toString('base64url')].join('.');
      const res = await (i % 2 ? a : b).gql(SUBMIT, { u: manna, a: all(4), t: madeUp }, from(1));
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_DEVICE_TOKEN', field: 'deviceToken' });
    }
    expect((await a.gql(SUBMIT, { u: manna, a: all(4), t: real.token }, from(1))).errors?.[0]?.extensions).toMatchObject({ code: 'DUPLICATE_RESPONSE' });
    expect((await a.gql(SUBMIT, { u: manna, a: all(4), t: `${real.token}.x` }, from(1))).errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID_DEVICE_TOKEN',
    });
    expect((await a.gql(SUBMIT, { u: manna, a: all(4), t: id }, from(1))).errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_DEVICE_TOKEN' });
    expect((await a.gql(SUBMIT, { u: manna, a: all(4) }, from(1))).errors?.[0]?.extensions).toMatchObject({
      code: 'DEVICE_TOKEN_REQUIRED',
      field: 'deviceToken',
    });
    expect((await responses()) - before).toBe(1);
  });

  it('real tokens are bounded per address across instances, so one address gets at most that many responses', async () => {
    const before = await responses();
    const answers = [];
    for (let i = 0; i < 17; i++) answers.push(await issue(i % 2 ? a : b, 2));
    const granted = answers.filter((r) => r.data?.issueDeviceToken).map((r) => r.data.issueDeviceToken.token as string);
    expect(granted).toHaveLength(5);
    for (const r of answers.slice(5)) expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    for (const t of granted) expect((await a.gql(SUBMIT, { u: manna, a: all(1), t }, from(2))).errors).toBeUndefined();
    expect((await responses()) - before).toBe(5);
    // Another address is not held back.
    expect((await issue(b, 3)).data.issueDeviceToken.token).toEqual(expect.any(String));
  });

  it("an official's kiosk collects many responses at its unit, a few a minute, and nowhere else", async () => {
    await createUser(db.prisma, { username: `kepala-${engine}`, displayName: 'Kepala Puskesmas Manna', role: 'OFFICIAL', password: 'sandi-kepala-manna' });
    const login = await a.gql(`mutation { login(username: "kepala-${engine}", password: "sandi-kepala-manna") { token } }`);
    const official = { authorization: `Bearer ${login.data.login.token}` };
    const ISSUE_KIOSK = 'mutation($u: ID!) { issueKioskToken(serviceUnitId: $u) { token expiresAt serviceUnit { code } } }';
    expect((await a.gql(ISSUE_KIOSK, { u: manna }, from(4))).errors?.[0]?.message).toMatch(/not authorized/i);
    const kiosk = (await a.gql(ISSUE_KIOSK, { u: manna }, official)).data.issueKioskToken;
    expect(kiosk.serviceUnit).toEqual({ code: 'PKM-MANNA' });
    const hours = (new Date(kiosk.expiresAt).getTime() - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(15.9);
    expect(hours).toBeLessThanOrEqual(16);
    const before = await responses();
    for (let i = 0; i < 4; i++) expect((await (i % 2 ? a : b).gql(SUBMIT, { u: manna, a: all(3), t: kiosk.token }, from(5))).errors).toBeUndefined();
    expect((await a.gql(SUBMIT, { u: manna, a: all(3), t: kiosk.token }, from(5))).errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect((await a.gql(SUBMIT, { u: plaju, a: all(3), t: kiosk.token }, from(6))).errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' }); // same kiosk, still paced
    expect((await responses()) - before).toBe(4);
  });

  it('aspirations take the same tokens, and the audit keeps no token', async () => {
    expect((await a.gql(ASPIRE, {}, from(7))).errors?.[0]?.extensions).toMatchObject({ code: 'DEVICE_TOKEN_REQUIRED', field: 'deviceToken' });
    expect((await a.gql(ASPIRE, { t: 'made-up' }, from(7))).errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_DEVICE_TOKEN', field: 'deviceToken' });
    const t = (await issue(a, 7)).data.issueDeviceToken.token as string;
    expect((await b.gql(ASPIRE, { t }, from(7))).data.submitServiceAspiration).toEqual({ category: 'KESEHATAN' });
    const audit = JSON.stringify(await db.prisma.auditEntry.findMany());
    expect(audit).not.toContain(t.split('.')[1]);
  });
});
