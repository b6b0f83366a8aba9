/**
 * Service quality over the real transports: SKM submissions over HTTP (public, kiosk, floods),
 * the index and complaint privacy, officials' operations, partner HR apps, and the live
 * feedbackMetricsUpdated topic over graphql-ws with one computation per push for any crowd.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { createUser } from '../src/access/users.js';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createApiKey } from '../src/access/api-keys.js';
import { openSurveyPeriod } from '../src/quality/surveys.js';
import { repoRoot } from '../src/paths.js';
import { startTestApp, type TestApp } from './app.js';
import { finishedSelection } from './cohort-fixture.js';

const all = (x: number) => Array.from({ length: 9 }, () => x);
const SUBMIT = `mutation($u: ID!, $a: [Int!]!, $t: String, $c: SurveyCommentInput, $r: RespondentProfileInput) {
  submitSurveyResponse(serviceUnitId: $u, answers: $a, deviceToken: $t, comment: $c, respondent: $r) { period commentRecorded }
}`;

/** A period open around now, for the transports (which use the wall clock). */
async function openNow(app: TestApp, code: string) {
  const unit = await app.db.prisma.serviceUnit.findUniqueOrThrow({ where: { code } });
  const now = Date.now();
  await openSurveyPeriod(app.db.prisma, {
    serviceUnitId: unit.id,
    label: `${new Date(now).getUTCFullYear()}-NOW`,
    opensAt: new Date(now - 86_400_000),
    closesAt: new Date(now + 30 * 86_400_000),
  });
  return encodeGlobalID('ServiceUnit', unit.id);
}

describe('service quality over HTTP', () => {
  let app: TestApp;
  let unit: string;
  let kiosk: Record<string, string>;
  let hr: Record<string, string>;
  const from = (address: string) => ({ 'x-forwarded-for': `10.9.9.9, ${address}` });
  const token = async (address: string): Promise<string> =>
    (await app.gql('mutation { issueDeviceToken { token } }', {}, from(address))).data.issueDeviceToken.token;
  const counts = async () => [await app.db.prisma.surveyResponse.count(), await app.db.prisma.feedback.count(), await app.db.prisma.surveyGuard.count()];

  beforeAll(async () => {
    app = await startTestApp('postgres', { trustProxy: true, rateLimits: { 'anonymous-input': { limit: 4, windowMs: 60_000 } } });
    unit = await openNow(app, 'PKM-MANNA');
    kiosk = { 'x-api-key': (await createApiKey(app.db.prisma, { name: 'Kiosk Puskesmas Manna', scopes: ['feedback:write'] })).key };
    hr = { 'x-api-key': (await createApiKey(app.db.prisma, { name: 'BKPSDM Kota Jambi', scopes: ['employees:read', 'employees:write'] })).key };
  });
  afterAll(() => app?.close());

  it('takes a public response once per device token, refuses bad answers whole, and lets a kiosk vouch for its respondents', async () => {
    const ok = await app.gql(
      SUBMIT,
      { u: unit, a: all(3), t: await token('203.0.113.1'), r: { gender: 'FEMALE', ageBand: 'AGE_30_39', education: 'SMA', occupation: 'WIRAUSAHA' } },
      from('203.0.113.1'),
    );
    expect(ok.errors).toBeUndefined();
    expect(ok.data.submitSurveyResponse).toEqual({ period: expect.stringMatching(/^\d{4}-NOW$/), commentRecorded: false });
    const bare = await app.gql(SUBMIT, { u: unit, a: all(4) }, from('203.0.113.1'));
    expect(bare.errors?.[0]?.extensions).toMatchObject({ code: 'DEVICE_TOKEN_REQUIRED', field: 'deviceToken' });
    const phoneA = await token('203.0.113.1');
    expect((await app.gql(SUBMIT, { u: unit, a: all(4), t: phoneA }, from('203.0.113.1'))).errors).toBeUndefined();
    const again = await app.gql(SUBMIT, { u: unit, a: all(4), t: phoneA }, from('203.0.113.9'));
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: 'DUPLICATE_RESPONSE' });
    const before = await counts();
    const phoneB = await token('203.0.113.2');
    const bad = await app.gql(SUBMIT, { u: unit, a: [3, 3, 3, 9, 3, 3, 3, 3, 3], t: phoneB }, from('203.0.113.2'));
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_ANSWERS', field: 'answers[3]' });
    const short = await app.gql(SUBMIT, { u: unit, a: [3, 3, 3], t: phoneB }, from('203.0.113.2'));
    expect(short.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID_ANSWERS', field: 'answers' });
    const nowhere = await app.gql(SUBMIT, { u: encodeGlobalID('ServiceUnit', 999_999), a: all(3), t: phoneB }, from('203.0.113.5'));
    expect(nowhere.errors?.[0]?.extensions).toMatchObject({ code: 'UNIT_NOT_FOUND', field: 'serviceUnitId' });
    expect(await counts()).toEqual(before);

    const comment = { kind: 'COMPLAINT', category: 'U3', text: 'Antrean obat lebih dari dua jam; hubungi saya 0812 5555 0101' };
    const withComment = await app.gql(SUBMIT, { u: unit, a: all(2), c: comment, t: await token('203.0.113.3') }, from('203.0.113.3'));
    expect(withComment.data.submitSurveyResponse.commentRecorded).toBe(true);
    for (let i = 0; i < 2; i++) expect((await app.gql(SUBMIT, { u: unit, a: all(3) }, kiosk)).errors).toBeUndefined();
    expect(await counts()).toEqual([before[0]! + 3, before[1]! + 1, before[2]! + 1]);
  });

  it('refuses a flood from one address, whatever device tokens it sends, writing nothing', async () => {
    const tokens = await Promise.all(Array.from({ length: 7 }, () => token('198.51.100.66')));
    for (let i = 0; i < 4; i++) expect((await app.gql(SUBMIT, { u: unit, a: all(1), t: tokens[i] }, from('198.51.100.66'))).errors).toBeUndefined();
    const before = await counts();
    for (let i = 4; i < 7; i++) {
      const res = await app.gql(SUBMIT, { u: unit, a: all(1), t: tokens[i] }, from('198.51.100.66'));
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    }
    expect(await counts()).toEqual(before);
    expect((await app.gql(SUBMIT, { u: unit, a: all(1), t: tokens[6] }, from('198.51.100.67'))).errors).toBeUndefined();
  });

  it('publishes the index to everyone and keeps complaint texts to officials', async () => {
    const SAT = `query($r: String, $u: ID) { serviceSatisfaction(regionCode: $r, serviceUnitId: $u) {
      period respondents provisional index { respondents ikm converted quality performance elements { code average } }
      complaints { total complaints open } units { serviceUnit { code } respondents requiredSample provisional }
      children { region { code } respondents } trend { period respondents } } }`;
    const byUnit = await app.gql(SAT, { u: unit });
    expect(byUnit.errors).toBeUndefined();
    const s = byUnit.data.serviceSatisfaction;
    // 3 + 4 + 4 + 2 + 3 + 3 + 1 x 4 + 1: 3, 4 (phone-a), 2 (complaint), 3, 3 (kiosk), 1 x 5 (bots and the other address)
    expect(s.respondents).toBe(10);
    expect(s.units[0]).toMatchObject({ serviceUnit: { code: 'PKM-MANNA' }, respondents: 10, requiredSample: 379, provisional: true });
    expect(s.index.elements.map((e: { code: string }) => e.code)).toEqual(['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9']);
    expect(s.index.ikm).toBeCloseTo((3 + 4 + 2 + 3 + 3 + 5 * 1) / 10, 10);
    expect(s.complaints).toEqual({ total: 1, complaints: 1, open: 1 });
    expect(JSON.stringify(byUnit)).not.toContain('Antrean obat');
    const province = await app.gql(SAT, { r: '17' });
    expect(province.data.serviceSatisfaction.children).toEqual([{ region: { code: '17.01' }, respondents: 10 }]);
    const both = await app.gql(SAT, { r: '17', u: unit });
    expect(both.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'regionCode' });

    const FEEDBACK = `{ feedback(regionCode: "17") { edges { node { text } } } }`;
    expect((await app.gql(FEEDBACK)).errors?.[0]?.message).toMatch(/not authorized/i);
    expect((await app.gql(FEEDBACK, {}, kiosk)).errors?.[0]?.message).toMatch(/not authorized/i);
    expect(
      (
        await app.gql(
          `mutation($u: ID!) { openSurveyPeriod(serviceUnitId: $u, label: "2031", opensAt: "2031-01-01T00:00:00Z", closesAt: "2032-01-01T00:00:00Z") { label } }`,
          { u: unit },
          kiosk,
        )
      ).errors?.[0]?.message,
    ).toMatch(/not authorized/i);
  });

  it("runs officials' operations through the schema: periods, complaint answers, closing", async () => {
    await createUser(app.db.prisma, { username: 'kepala-pkm', displayName: 'Kepala Puskesmas', role: 'OFFICIAL', password: 'sandi-kepala-pkm' });
    const login = await app.gql('mutation { login(username: "kepala-pkm", password: "sandi-kepala-pkm") { token } }');
    const official = { authorization: `Bearer ${login.data.login.token}` };
    const run = (source: string, variableValues?: Record<string, unknown>) => app.gql(source, variableValues, official);
    const listed = await run(
      `{ feedback(regionCode: "17.01", status: OPEN, first: 10) { edges { node { id kind category text status serviceUnit { code } } } } }`,
    );
    expect(listed.errors).toBeUndefined();
    const item = listed.data.feedback.edges[0].node;
    expect(item).toMatchObject({ kind: 'COMPLAINT', category: 'U3', status: 'OPEN', serviceUnit: { code: 'PKM-MANNA' } });
    expect(item.text).toContain('Antrean obat');
    const closeEarly = await run(`mutation($id: ID!) { closeFeedback(id: $id) { status } }`, { id: item.id });
    expect(closeEarly.errors?.[0]?.extensions).toMatchObject({ code: 'ILLEGAL_TRANSITION', field: 'status' });
    const answered = await run(
      `mutation($id: ID!) { answerFeedback(id: $id, text: "Loket obat kedua dibuka mulai Senin.", official: "Kepala Puskesmas Manna") { status firstAnsweredAt answers { text official } } }`,
      { id: item.id },
    );
    expect(answered.data.answerFeedback).toMatchObject({ status: 'ANSWERED', answers: [{ official: 'Kepala Puskesmas Manna' }] });
    expect((await run(`mutation($id: ID!) { closeFeedback(id: $id) { status closedAt } }`, { id: item.id })).data.closeFeedback.status).toBe('CLOSED');

    const opened = await run(
      `mutation($u: ID!) { openSurveyPeriod(serviceUnitId: $u, label: "2031-S1", opensAt: "2031-01-01T00:00:00Z", closesAt: "2031-07-01T00:00:00Z") { id label status acceptingResponses } }`,
      { u: unit },
    );
    expect(opened.data.openSurveyPeriod).toMatchObject({ label: '2031-S1', status: 'OPEN', acceptingResponses: false });
    const closed = await run(`mutation($id: ID!) { closeSurveyPeriod(id: $id) { status } }`, { id: opened.data.openSurveyPeriod.id });
    expect(closed.data.closeSurveyPeriod.status).toBe('CLOSED');
    const periods = await app.gql(`query($u: ID!) { surveyPeriods(serviceUnitId: $u) { label status respondents } }`, { u: unit });
    expect(periods.data.surveyPeriods.map((p: { label: string }) => p.label)).toEqual(['2031-S1', expect.stringMatching(/-NOW$/)]);
  });

  it('lets a partner HR app appoint, appraise and award; the public sees consenting awards masked and the impact, never employees', async () => {
    const selection = await finishedSelection(app.db.prisma);
    const f = encodeGlobalID('Formation', selection.world.formationId);
    const APPOINT = `mutation($f: ID!) { appointFromFinalResult(formationId: $f, startsOn: "2025-03-01") { created existing employees { id displayName participantNumber cohort startsOn serviceUnit { code } } } }`;
    expect((await app.gql(APPOINT, { f })).errors?.[0]?.message).toMatch(/not authorized/i);
    const appointed = await app.gql(APPOINT, { f }, hr);
    expect(appointed.errors).toBeUndefined();
    const { employees } = appointed.data.appointFromFinalResult;
    expect(appointed.data.appointFromFinalResult.created).toBe(2);
    expect(employees[0]).toMatchObject({ cohort: 2024, startsOn: '2025-03-01', serviceUnit: { code: 'RSUD-KOTA-JAMBI' } });
    expect(employees[0].displayName).toMatch(/^[A-Z]\*+ [A-Z]\*+ [A-Z]\*+$/); // the key has no pii:read
    expect((await app.gql(APPOINT, { f }, hr)).data.appointFromFinalResult).toMatchObject({ created: 0, existing: 2 });
    expect((await app.gql(`{ employees(first: 5) { edges { node { id } } } }`)).errors?.[0]?.message).toMatch(/not authorized/i);

    const APPRAISE = `mutation($e: ID!) { recordAppraisal(employeeId: $e, year: 2025, results: DI_ATAS, behaviour: DI_ATAS) { predicate predicateLabel } }`;
    expect((await app.gql(APPRAISE, { e: employees[0].id }, hr)).data.recordAppraisal).toEqual({ predicate: 'SANGAT_BAIK', predicateLabel: 'Sangat Baik' });
    const second = await app.gql(APPRAISE, { e: employees[0].id }, hr);
    expect(second.errors?.[0]?.extensions).toMatchObject({ code: 'APPRAISAL_EXISTS', field: 'year' });
    const unknown = await app.gql(APPRAISE, { e: encodeGlobalID('Employee', 999_999) }, hr);
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'EMPLOYEE_NOT_FOUND', field: 'employeeId' });
    expect(await app.db.prisma.appraisal.count()).toBe(1);

    const award = await app.gql(
      `mutation($e: ID!) { grantAward(employeeId: $e, year: 2025, title: "ASN Berprestasi", publicConsent: true, awardedOn: "2025-12-10T00:00:00Z") { id publicConsent } }`,
      { e: employees[0].id },
      hr,
    );
    expect(award.errors).toBeUndefined();
    const AWARDS = `{ awards(regionCode: "15") { displayName year title serviceUnit { code } } }`;
    const listed = await app.gql(AWARDS);
    expect(listed.data.awards).toEqual([
      { displayName: employees[0].displayName, year: 2025, title: 'ASN Berprestasi', serviceUnit: { code: 'RSUD-KOTA-JAMBI' } },
    ]);
    const full = selection.world.participants.map((p) => p.fullName);
    for (const name of full) expect(JSON.stringify(listed)).not.toContain(name);
    await app.gql(`mutation($a: ID!) { setAwardConsent(awardId: $a, publicConsent: false) { publicConsent } }`, { a: award.data.grantAward.id }, hr);
    expect((await app.gql(AWARDS)).data.awards).toEqual([]);

    const impact = await app.gql(
      `{ recruitmentImpact(regionCode: "15.71") { cohort arrivedOn newEmployees beforePeriod afterPeriod difference units { serviceUnit { code } employees } } }`,
    );
    expect(impact.data.recruitmentImpact).toEqual([
      {
        cohort: 2024,
        arrivedOn: '2025-03-01',
        newEmployees: 2,
        beforePeriod: null,
        afterPeriod: null,
        difference: null,
        units: [{ serviceUnit: { code: 'RSUD-KOTA-JAMBI' }, employees: 2 }],
      },
    ]);
  });
  it("runs the contract's typed documents for dashboards", async () => {
    const dir = path.join(repoRoot, 'packages/schema/src/documents');
    const documents = (
      await Promise.all(['service-satisfaction.graphql', 'recruitment-impact.graphql', 'survey.graphql'].map((f) => fs.readFile(path.join(dir, f), 'utf8')))
    ).join('\n');
    const run = (operationName: string, variables: Record<string, unknown>) =>
      fetch(`${app.server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: documents, operationName, variables }),
      }).then((r) => r.json());
    const satisfaction = await run('ServiceSatisfaction', { regionCode: '17' });
    expect(satisfaction.errors).toBeUndefined();
    expect(satisfaction.data.serviceSatisfaction.units.length).toBeGreaterThan(0);
    for (const [name, variables] of [
      ['RecruitmentImpact', { regionCode: '15' }],
      ['Awards', { regionCode: '15' }],
      ['SurveyPeriods', { serviceUnitId: unit }],
    ] as const) {
      expect((await run(name, variables)).errors, name).toBeUndefined();
    }
  });
});

describe('feedbackMetricsUpdated over graphql-ws', () => {
  let app: TestApp;
  const computed: string[] = [];
  let unit: string;
  beforeAll(async () => {
    app = await startTestApp('postgres', { liveIntervalMs: 400, trustProxy: true, onLiveCompute: (topic) => computed.push(topic) });
    unit = await openNow(app, 'PKM-PLAJU');
  });
  afterAll(() => app?.close());

  it("pushes a region's index as responses arrive: a snapshot first, coalesced updates after, one computation per push for the whole crowd", async () => {
    const url = `${app.server.url.replace('http', 'ws')}/graphql`;
    const clients = Array.from({ length: 8 }, () => createClient({ url, webSocketImpl: WebSocket, lazy: false }));
    // 40 screens with the same operation (one shared execution) and 3 dashboards each asking for other fields.
    const queries = [
      `subscription { feedbackMetricsUpdated(regionCode: "16.71") { sequence satisfaction { respondents index { converted quality } } } }`,
      `subscription { feedbackMetricsUpdated(regionCode: "16.71") { sequence changedUnitIds satisfaction { respondents } } }`,
      `subscription { feedbackMetricsUpdated(regionCode: "16.71") { sequence satisfaction { respondents units { serviceUnit { code } respondents provisional } } } }`,
      `subscription { feedbackMetricsUpdated(regionCode: "16.71") { regionCode sequence satisfaction { respondents children { respondents } } } }`,
    ];
    const seen: any[][] = [];
    const stops = [...Array.from({ length: 40 }, () => queries[0]!), ...queries.slice(1)].map((query, i) => {
      seen[i] = [];
      return clients[i % clients.length]!.subscribe(
        { query },
        { next: (m) => seen[i]!.push(m.data?.feedbackMetricsUpdated ?? m), error: (e) => seen[i]!.push({ error: e }), complete: () => {} },
      );
    });
    const elsewhere: any[] = [];
    const stopElsewhere = clients[0]!.subscribe(
      { query: queries[0]!.replace('16.71', '33.74') },
      { next: (m) => elsewhere.push(m.data?.feedbackMetricsUpdated), error: () => {}, complete: () => {} },
    );
    try {
      await expect.poll(() => seen.filter((s) => s.length >= 1).length, { timeout: 15_000 }).toBe(43);
      await expect.poll(() => elsewhere.length, { timeout: 15_000 }).toBe(1);
      expect(seen.every((s) => s[0].sequence === 1 && s[0].satisfaction.respondents === 0)).toBe(true);
      const snapshots = computed.filter((t) => t === 'feedback:16.71').length;
      expect(snapshots).toBe(1);

      // A burst of five responses at Puskesmas Plaju (a kecamatan of Kota Palembang, 16.71).
      const results = await Promise.all(
        [4, 4, 3, 4, 4].map(async (x, i) =>
          app.gql(
            SUBMIT,
            { u: unit, a: all(x), t: (await app.gql('mutation { issueDeviceToken { token } }')).data.issueDeviceToken.token },
            { 'x-forwarded-for': `203.0.113.${50 + i}` },
          ),
        ),
      );
      expect(results.every((r) => !r.errors)).toBe(true);
      await expect.poll(() => seen.filter((s) => s.at(-1)?.satisfaction?.respondents === 5).length, { timeout: 15_000 }).toBe(43);
      await new Promise((r) => setTimeout(r, 400));

      const computations = computed.filter((t) => t === 'feedback:16.71').length - snapshots;
      const pushes = new Set(seen[0]!.map((u) => u.sequence)).size - 1;
      // Coalesced: fewer pushes than responses; and each push computed once for all 43 subscribers.
      expect(pushes).toBeGreaterThanOrEqual(1);
      expect(pushes).toBeLessThan(5);
      expect(computations).toBe(pushes);
      // Every subscriber saw every push (a member that joined its shared group before the group's
      // first snapshot went out also gets that snapshot twice: its own and the group's).
      expect(seen.every((s) => new Set(s.map((u) => u.sequence)).size === pushes + 1)).toBe(true);
      const last = seen[0]!.at(-1);
      // (4 x 4 + 3) / 5 = 3.8 on every element: 95.00, A.
      expect(last.satisfaction.index.quality).toBe('A');
      expect(last.satisfaction.index.converted).toBeCloseTo(95, 9);
      expect(seen[40]!.flatMap((u) => u.changedUnitIds ?? [])).toContain(unit);
      expect(seen[41]!.at(-1).satisfaction.units.find((u: { serviceUnit: { code: string } }) => u.serviceUnit.code === 'PKM-PLAJU')).toMatchObject({
        respondents: 5,
        provisional: true,
      });
      // Kota Semarang heard nothing: no recomputation, no push.
      expect(computed.filter((t) => t === 'feedback:33.74')).toHaveLength(1);
      expect(elsewhere).toHaveLength(1);
    } finally {
      for (const stop of stops) stop();
      stopElsewhere();
      await Promise.all(clients.map((c) => c.dispose()));
    }
  });

  it('refuses an unknown region', async () => {
    const client = createClient({ url: `${app.server.url.replace('http', 'ws')}/graphql`, webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const error = await new Promise<unknown>((resolve) => {
        client.subscribe(
          { query: `subscription { feedbackMetricsUpdated(regionCode: "99") { sequence } }` },
          { next: (m) => resolve(m.errors), error: resolve, complete: () => {} },
        );
      });
      expect(JSON.stringify(error)).toContain('no region 99');
    } finally {
      await client.dispose();
    }
  });
});
