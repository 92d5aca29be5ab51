import { useState } from 'react';
import { json } from '../api.js';
import { useI18n } from '../i18n.js';
import { useSession } from '../session.js';
import { AsyncView, CopyBox, Field, FormError, NewPasswordInput, useAsync, useSubmit } from '../ui.js';

interface TokenRow {
  id: number;
  description: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** The signed-in user's own settings: language, password, two-factor authentication and API tokens. */
export function AccountPage() {
  const { t } = useI18n();
  return (
    <>
      <h1>{t('account')}</h1>
      <LanguageForm />
      <PasswordForm />
      <TwoFactor />
      <Tokens />
    </>
  );
}

function LanguageForm() {
  const { t } = useI18n();
  const session = useSession();
  const { error, submit } = useSubmit(async (language: string) => {
    await json('PUT', '/api/me/language', { language });
    await session.reload();
  });
  return (
    <section className="card form">
      <Field label={t('language')}>
        {(p) => (
          <select {...p} value={session.user.language} onChange={(e) => void submit(e.target.value)}>
            <option value="">Auto</option>
            <option value="en" lang="en">
              English
            </option>
            <option value="fr" lang="fr">
              Français
            </option>
          </select>
        )}
      </Field>
      <FormError message={error} />
    </section>
  );
}

function PasswordForm() {
  const { t } = useI18n();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const { busy, error, done, submit } = useSubmit(async () => {
    await json('POST', '/api/me/password', { currentPassword, newPassword });
    setCurrent('');
    setNew('');
  });
  return (
    <form
      className="card form"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>{t('changePassword')}</h2>
      <Field label={t('currentPassword')}>
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="current-password"
            required
            value={currentPassword}
            onChange={(e) => setCurrent(e.target.value)}
          />
        )}
      </Field>
      <Field label={t('newPassword')} hint={t('passwordHint')}>
        {(p) => <NewPasswordInput {...p} value={newPassword} onChange={(e) => setNew(e.target.value)} />}
      </Field>
      <FormError message={error} />
      <button type="submit" className="primary" disabled={busy}>
        {t('changePassword')}
      </button>
      <span role="status" className="muted">
        {done ? t('saved') : ''}
      </span>
    </form>
  );
}

function TwoFactor() {
  const { t } = useI18n();
  const session = useSession();
  const [enrol, setEnrol] = useState<{ secret: string; uri: string } | undefined>();
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | undefined>();
  const [password, setPassword] = useState('');
  const start = useSubmit(async () => setEnrol(await json<{ secret: string; uri: string }>('POST', '/api/me/two-factor/start')));
  const confirm = useSubmit(async () => {
    const r = await json<{ recoveryCodes: string[] }>('POST', '/api/me/two-factor/confirm', { code });
    setCodes(r.recoveryCodes);
    setEnrol(undefined);
    await session.reload();
  });
  const disable = useSubmit(async () => {
    await json('POST', '/api/me/two-factor/disable', { password });
    setPassword('');
    await session.reload();
  });
  return (
    <section className="card form" aria-labelledby="tf-h">
      <h2 id="tf-h">{t('twoFactor')}</h2>
      <p>{session.user.twoFactor ? t('twoFactorOn', session.user.recoveryCodesLeft) : t('twoFactorOff')}</p>
      {codes && (
        <div className="notice">
          <h3>{t('recoveryCodesTitle')}</h3>
          <p>{t('recoveryCodesNote')}</p>
          <CopyBox text={codes.join('\n')} label={t('recoveryCodesTitle')} />
        </div>
      )}
      {!session.user.twoFactor && !enrol && (
        <button type="button" className="primary" onClick={() => void start.submit()} disabled={start.busy}>
          {t('enable2fa')}
        </button>
      )}
      {enrol && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void confirm.submit();
          }}
        >
          <p>{t('enrolSecret')}</p>
          <p>
            <code className="secret" data-testid="totp-secret">
              {enrol.secret}
            </code>
          </p>
          <p className="muted small">{enrol.uri}</p>
          <Field label={t('twoFactorCode')}>
            {(p) => (
              <input
                {...p}
                inputMode="numeric"
                autoComplete="one-time-code"
                required
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
            )}
          </Field>
          <FormError message={confirm.error} />
          <button type="submit" className="primary" disabled={confirm.busy}>
            {t('verify')}
          </button>
        </form>
      )}
      {session.user.twoFactor && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void disable.submit();
          }}
        >
          <Field label={t('password')}>
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            )}
          </Field>
          <FormError message={disable.error} />
          <button type="submit" className="danger">
            {t('disable2fa')}
          </button>
        </form>
      )}
      <FormError message={start.error} />
    </section>
  );
}

function Tokens() {
  const i18n = useI18n();
  const { t } = i18n;
  const [tokens, retry] = useAsync(() => json<{ tokens: TokenRow[] }>('GET', '/api/me/tokens'), []);
  const [description, setDescription] = useState('');
  const [created, setCreated] = useState<string | undefined>();
  const create = useSubmit(async () => {
    const r = await json<{ token: string }>('POST', '/api/me/tokens', { description });
    setCreated(r.token);
    setDescription('');
    retry();
  });
  const revoke = useSubmit(async (id: number) => {
    await json('DELETE', `/api/me/tokens/${id}`);
    retry();
  });
  const when = (iso: string | null) => (iso ? i18n.date(new Date(iso), { dateStyle: 'medium', timeStyle: 'short' }) : t('never'));
  return (
    <section className="card form" aria-labelledby="tok-h">
      <h2 id="tok-h">{t('tokens')}</h2>
      {created && (
        <div className="notice">
          <p>{t('tokenCreated')}</p>
          <CopyBox text={created} label={t('tokens')} />
        </div>
      )}
      <AsyncView value={tokens} retry={retry}>
        {({ tokens: list }) => (
          <ul className="plain tokens">
            {list.map((tok) => (
              <li key={tok.id}>
                <strong>{tok.description}</strong>{' '}
                <span className="muted">
                  {t('created')}: {when(tok.createdAt)} · {t('lastUsed')}: {when(tok.lastUsedAt)}
                </span>{' '}
                <button
                  type="button"
                  className="danger"
                  onClick={() => void revoke.submit(tok.id)}
                  aria-label={`${t('revoke')} ${tok.description}`}
                >
                  {t('revoke')}
                </button>
              </li>
            ))}
          </ul>
        )}
      </AsyncView>
      <FormError message={revoke.error} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void create.submit();
        }}
      >
        <Field label={t('tokenDescription')}>
          {(p) => <input {...p} value={description} onChange={(e) => setDescription(e.target.value)} />}
        </Field>
        <FormError message={create.error} />
        <button type="submit" disabled={create.busy}>
          {t('createToken')}
        </button>
      </form>
    </section>
  );
}
