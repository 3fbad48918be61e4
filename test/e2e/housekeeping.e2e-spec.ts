import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { AccountToken } from '../../src/accounts/account-token.entity';
import { AccountTokensService } from '../../src/accounts/account-tokens.service';
import { PendingRegistration } from '../../src/accounts/pending-registration.entity';
import { SessionRecord } from '../../src/accounts/session.entity';
import { ApplicationsService } from '../../src/applications/applications.service';
import { HousekeepingService } from '../../src/housekeeping/housekeeping.service';
import { AccessToken } from '../../src/tokens/access-token.entity';
import { Consent } from '../../src/tokens/consent.entity';
import { RefreshToken } from '../../src/tokens/refresh-token.entity';
import { seedUser, signedInClient } from '../support/accounts';
import { startApp, SWEPT_TABLES, TestApp } from '../support/app';
import { authorize, basic, postForm, seedApp } from '../support/oauth';

const past = () => new Date(Date.now() - 60_000);

describe('housekeeping: each module purges its own expired rows; deleting an application cascades', () => {
  let t: TestApp;
  before(async () => {
    t = await startApp();
  });
  after(async () => {
    await t.close();
  });

  it('a cleanup pass deletes expired reset, verification and registration links and sessions, and keeps live ones', async () => {
    const user = await seedUser(t, 'hk');
    const links = t.get<AccountTokensService>(AccountTokensService);
    const expired = await links.issue(user.id, 'password_reset', 3600);
    const live = await links.issue(user.id, 'verify_email', 3600);
    const db = t.get<DataSource>(DataSource);
    await db.getRepository(AccountToken).update({ id: expired.id }, { expiresAt: past() });
    await signedInClient(t, user);
    const sessions = db.getRepository(SessionRecord);
    assert.ok((await sessions.countBy({ userId: user.id })) >= 1);
    await sessions.update({ userId: user.id }, { expiresAt: past() });
    const pending = db.getRepository(PendingRegistration);
    const registration = (expiresAt: Date) =>
      pending.save(
        pending.create({
          username: 'hk',
          email: 'hk@example.test',
          emailKey: 'hk@example.test',
          passwordHash: 'x',
          tokenHash: randomBytes(32).toString('hex'),
          expiresAt,
        }),
      );
    const [stale, waiting] = [await registration(past()), await registration(new Date(Date.now() + 3600_000))];

    const counts = await t.get<HousekeepingService>(HousekeepingService).cleanup();
    assert.deepEqual(Object.keys(counts).sort(), SWEPT_TABLES);
    assert.ok(counts.account_tokens >= 1 && counts.sessions >= 1 && counts.pending_registrations >= 1);
    assert.equal(await pending.countBy({ id: stale.id }), 0, 'the expired registration is gone');
    assert.equal(await pending.countBy({ id: waiting.id }), 1, 'the live registration stays');
    assert.equal(await db.getRepository(AccountToken).countBy({ id: expired.id }), 0, 'the expired link is gone');
    assert.equal(await db.getRepository(AccountToken).countBy({ id: live.id }), 1, 'the live link stays');
    assert.equal(await sessions.countBy({ userId: user.id }), 0, 'expired sessions are gone');
  });

  it('deleting an application takes its tokens, refresh tokens and consents with it', async () => {
    const user = await seedUser(t, 'hkapp');
    const app = await seedApp(t, user.id);
    const browser = await signedInClient(t, user);
    const { params } = await authorize(browser, { client_id: app.clientId, redirect_uri: app.redirectUri, response_type: 'code', scope: 'read' });
    const res = await postForm(
      t,
      '/oauth/token/',
      { grant_type: 'authorization_code', code: params.code, redirect_uri: app.redirectUri },
      { authorization: basic(app.clientId, app.clientSecret!) },
    );
    assert.equal(res.status, 200);
    const db = t.get<DataSource>(DataSource);
    const where = { applicationId: app.id };
    for (const entity of [AccessToken, RefreshToken, Consent]) assert.equal(await db.getRepository(entity).countBy(where), 1, `one ${entity.name} before`);
    await t.get<ApplicationsService>(ApplicationsService).remove(user.id, app.id);
    assert.equal(await db.getRepository(AccessToken).countBy(where), 0);
    assert.equal(await db.getRepository(RefreshToken).countBy(where), 0);
    assert.equal(await db.getRepository(Consent).countBy(where), 0);
  });
});
