/**
 * The audit is part of the write and cannot unmask anyone: a change commits only with its audit
 * entry (an entry that cannot be written takes the change down with it); text a client can send
 * (lone surrogates, NUL) never breaks the entry; anonymous operations (SKM responses with a
 * complaint, aspirations) leave an entry with no address, account, request id, text or answer and
 * only the day, so nothing in the database ties a resident to what they said.
 */
import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../src/access/users.js';
import { openSurveyPeriod } from '../src/quality/surveys.js';
import { startTestApp, type TestApp } from './app.js';
import { ENGINES } from './databases.js';

const LOGIN = 'mutation ($u: String!, $p: String!) { login(username: $u, password: $p) { token } }';
const SUBMIT = `mutation Survey($u: ID!, $a: [Int!]!, $c: SurveyCommentInput, $r: RespondentProfileInput, $d: String) {
  submitSurveyResponse(serviceUnitId: $u, answers: $a, comment: $c, respondent: $r, deviceToken: $d) { period commentRecorded }
}`;
const ASPIRE =
  'mutation Aspire($t: String!, $d: String) { submitServiceAspiration(input: { regionCode: "16.71", category: KESEHATAN, text: $t }, deviceToken: $d) { category } }';
const DEVICE = 'mutation { issueDeviceToken { token } }';
const ADDRESS = '198.51.100.77';
const COMPLAINT = 'Petugas loket membentak ibu saya pada hari Selasa pukul 10.15';
const ASPIRATION = 'Kami butuh dokter gigi di Plaju, antrean sampai sore';

describe.each(ENGINES)('the audit on %s', (engine) => {
  let app: TestApp;
  let admin: Record<string, string>;

  beforeAll(async () => {
    app = await startTestApp(engine, { trustProxy: true });
    await createUser(app.db.prisma, { username: 'admin', displayName: 'Admin', role: 'ADMIN', password: 'sandi-admin-panjang' });
    admin = { authorization: `Bearer ${(await app.gql(LOGIN, { u: 'admin', p: 'sandi-admin-panjang' })).data.login.token}` };
  });
  afterAll(() => app?.close());

  it('writes the entry in the same transaction as the change: an entry that cannot be written takes the change down', async () => {
    const p = app.db.prisma;
    // The database refuses audit entries of createUser (as a full disk or a broken constraint would).
    await p.$executeRawUnsafe(`create function refuse_audit() returns trigger language plpgsql as $$ begin raise exception 'audit refused'; end $$`);
    await p.$executeRawUnsafe(
      `create trigger refuse_audit before insert on "AuditEntry" for each row when (new.operation = 'createUser') execute function refuse_audit()`,
    );
    try {
      const users = await p.user.count();
      const res = await app.gql(
        'mutation ($i: CreateUserInput!) { createUser(input: $i) { id } }',
        { i: { username: 'pejabat.baru', displayName: 'Pejabat Baru', role: 'OFFICIAL', password: 'sandi-pejabat-panjang' } },
        admin,
      );
      expect(res.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(await p.user.count()).toBe(users);
      expect(await p.user.findUnique({ where: { username: 'pejabat.baru' } })).toBeNull();
    } finally {
      await p.$executeRawUnsafe('drop trigger refuse_audit on "AuditEntry"');
      await p.$executeRawUnsafe('drop function refuse_audit()');
    }
    const res = await app.gql(
      'mutation ($i: CreateUserInput!) { createUser(input: $i) { id } }',
      { i: { username: 'pejabat.baru', displayName: 'Pejabat Baru', role: 'OFFICIAL', password: 'sandi-pejabat-panjang' } },
      admin,
    );
    expect(res.errors).toBeUndefined();
    expect(await p.auditEntry.count({ where: { operation: 'createUser', outcome: 'OK' } })).toBe(1);
  });

  it('announces a write only once it commits: a response rolled back with its audit entry is never heard', async () => {
    const p = app.db.prisma;
    const unit = await p.serviceUnit.findUniqueOrThrow({ where: { code: 'PKM-HALMAHERA' } });
    const now = Date.now();
    await openSurveyPeriod(p, {
      serviceUnitId: unit.id,
      label: `${new Date(now).getUTCFullYear()}-EVT`,
      opensAt: new Date(now - 86_400_000),
      closesAt: new Date(now + 86_400_000),
    });
    const answer = async () => {
      const device = (await app.gql(DEVICE)).data.issueDeviceToken.token as string;
      return app.gql(SUBMIT, { d: device, u: encodeGlobalID('ServiceUnit', unit.id), a: [4, 4, 4, 4, 4, 4, 4, 4, 4] });
    };
    const heard: number[][] = [];
    const iterator = app.events.subscribe('responsesArrived');
    const listening = (async () => {
      for await (const event of iterator) heard.push(event.serviceUnitIds);
    })();
    await p.$executeRawUnsafe(`create function refuse_audit() returns trigger language plpgsql as $$ begin raise exception 'audit refused'; end $$`);
    await p.$executeRawUnsafe(
      `create trigger refuse_audit before insert on "AuditEntry" for each row when (new.operation = 'submitSurveyResponse') execute function refuse_audit()`,
    );
    try {
      expect((await answer()).errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await p.$executeRawUnsafe('drop trigger refuse_audit on "AuditEntry"');
      await p.$executeRawUnsafe('drop function refuse_audit()');
    }
    expect((await answer()).errors).toBeUndefined();
    // Only the committed response reaches the live screens.
    await expect.poll(() => heard).toEqual([[unit.id]]);
    expect(await p.surveyResponse.count({ where: { serviceUnitId: unit.id } })).toBe(1);
    await iterator.return?.();
    await listening;
  });

  it('no text breaks the entry: what the edge refuses writes nothing at all, and any text it lets through is audited, accepted or refused', async () => {
    const p = app.db.prisma;
    // Lone surrogates and NUL never reach a resolver (transport/edge-strings.ts): no change, so no entry.
    for (const text of ['\ud800 sendirian', 'nol\u0000byte', '\udfff\ud800']) {
      const before = await p.auditEntry.count({ where: { operation: 'createUser' } });
      const users = await p.user.count();
      const res = await app.gql(
        'mutation ($i: CreateUserInput!) { createUser(input: $i) { id } }',
        { i: { username: 'x.y.z', displayName: text, role: 'OFFICIAL', password: 'sandi-panjang-sekali' } },
        admin,
      );
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(await p.auditEntry.count({ where: { operation: 'createUser' } })).toBe(before);
      expect(await p.user.count()).toBe(users);
    }
    // Text that crosses the edge is audited whatever it holds: refused by the field's own rule
    // (a name with a direction override) or accepted (free text with emoji and a line separator).
    const name = await app.gql(
      'mutation ($i: CreateUserInput!) { createUser(input: $i) { id } }',
      { i: { username: 'x.y.z', displayName: 'Pejabat \u202e Baru', role: 'OFFICIAL', password: 'sandi-panjang-sekali' } },
      admin,
    );
    expect(name.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await p.auditEntry.count({ where: { operation: 'createUser', outcome: { not: 'OK' } } })).toBeGreaterThan(0);
    const device = (await app.gql(DEVICE)).data.issueDeviceToken.token as string;
    for (const text of ['Puskesmas \u202e kekurangan bidan sejak lama', 'Puskesmas kekurangan perawat \u{1F97A}\u2028sejak lama']) {
      const before = await p.auditEntry.count({ where: { operation: 'submitServiceAspiration' } });
      const aspirations = await p.serviceAspiration.count();
      const res = await app.gql(ASPIRE, { t: text, d: device });
      const committed = (await p.serviceAspiration.count()) - aspirations;
      expect(await p.auditEntry.count({ where: { operation: 'submitServiceAspiration' } })).toBe(before + 1);
      expect(committed).toBe(res.errors ? 0 : 1);
      expect(res.errors?.[0]?.extensions?.code ?? 'OK').not.toBe('INTERNAL_SERVER_ERROR');
    }
  });

  it('anonymous operations leave no address, account, time of day, text or answer: nothing joins a resident to a response', async () => {
    const p = app.db.prisma;
    const unit = await p.serviceUnit.findUniqueOrThrow({ where: { code: 'PKM-MANNA' } });
    const now = Date.now();
    await openSurveyPeriod(p, {
      serviceUnitId: unit.id,
      label: `${new Date(now).getUTCFullYear()}-AUD`,
      opensAt: new Date(now - 86_400_000),
      closesAt: new Date(now + 86_400_000),
    });
    const from = { 'x-forwarded-for': ADDRESS };
    const device = (await app.gql(DEVICE, {}, from)).data.issueDeviceToken.token as string;
    const survey = await app.gql(
      SUBMIT,
      {
        d: device,
        u: encodeGlobalID('ServiceUnit', unit.id),
        a: [4, 3, 4, 3, 4, 3, 2, 1, 4],
        c: { kind: 'COMPLAINT', category: 'U7', text: COMPLAINT },
        r: { gender: 'FEMALE', ageBand: 'AGE_30_39', education: 'SMA', occupation: 'WIRAUSAHA' },
      },
      from,
    );
    expect(survey.errors).toBeUndefined();
    expect(survey.data.submitSurveyResponse.commentRecorded).toBe(true);
    expect((await app.gql(ASPIRE, { t: ASPIRATION, d: device }, from)).errors).toBeUndefined();

    const entries = await p.auditEntry.findMany({
      where: { operation: { in: ['issueDeviceToken', 'submitSurveyResponse', 'submitServiceAspiration'] }, outcome: 'OK' },
    });
    expect(entries.length).toBeGreaterThanOrEqual(2);
    const midnight = new Date(new Date().toISOString().slice(0, 10));
    for (const e of entries) {
      expect(e).toMatchObject({
        ip: '',
        role: 'ANONYMOUS',
        requestId: 'anonymous',
        userId: null,
        apiKeyId: null,
        applicantId: null,
        operationName: null,
        arguments: {},
        result: null,
        changes: [],
      });
      expect(e.at.getTime()).toBe(midnight.getTime());
    }
    // The whole database: the address is nowhere, the complaint and the aspiration only in their own rows.
    const columns = await p.$queryRawUnsafe<Array<{ table_name: string; column_name: string }>>(
      `select table_name, column_name from information_schema.columns where table_schema = current_schema() and data_type in ('text', 'jsonb', 'character varying', 'json')`,
    );
    const holders = async (needle: string) => {
      const found: string[] = [];
      for (const { table_name, column_name } of columns) {
        const [row] = await p.$queryRawUnsafe<Array<{ n: bigint }>>(
          `select count(*) as n from "${table_name}" where "${column_name}"::text like '%' || $1 || '%'`,
          needle,
        );
        if (Number(row!.n) > 0) found.push(`${table_name}.${column_name}`);
      }
      return found;
    };
    expect(await holders(ADDRESS)).toEqual([]);
    expect(await holders(COMPLAINT)).toEqual(['Feedback.text']);
    expect(await holders(ASPIRATION)).toEqual(['ServiceAspiration.text']);
    // A response keeps its day only; its complaint's time cannot be matched with an entry's.
    const response = await p.$queryRawUnsafe<Array<{ t: string }>>(
      `select data_type as t from information_schema.columns where table_name = 'SurveyResponse' and column_name = 'createdAt'`,
    );
    expect(response[0]!.t).toBe('date');
  });
});
