import { useState } from 'react';
import { json } from '../api.js';
import { useI18n } from '../i18n.js';
import { Field, FormError, NewPasswordInput, useSubmit } from '../ui.js';

/** First run: the form that creates the super user. */
export function SetupPage({ onDone }: { onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const [login, setLogin] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, submit } = useSubmit(async () => {
    await json('POST', '/api/setup', { login, email, password });
    await onDone();
  });
  return (
    <main id="main" className="auth-page">
      <h1>{t('setupTitle')}</h1>
      <p>{t('setupIntro')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Field label={t('login')}>
          {(p) => <input {...p} name="login" autoComplete="username" required value={login} onChange={(e) => setLogin(e.target.value)} />}
        </Field>
        <Field label={t('email')}>
          {(p) => <input {...p} name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />}
        </Field>
        <Field label={t('password')} hint={t('passwordHint')}>
          {(p) => <NewPasswordInput {...p} name="password" value={password} onChange={(e) => setPassword(e.target.value)} />}
        </Field>
        <FormError message={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t('createSuperUser')}
        </button>
      </form>
    </main>
  );
}

/** Sign-in: password, then the two-factor code when the account has one. */
export function LoginPage({ twoFactorPending, onDone }: { twoFactorPending: boolean; onDone: () => Promise<void> }) {
  const { t } = useI18n();
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [stage, setStage] = useState<'password' | 'totp'>(twoFactorPending ? 'totp' : 'password');
  const [code, setCode] = useState('');
  const [useRecovery, setUseRecovery] = useState(false);
  const pw = useSubmit(async () => {
    const r = await json<{ twoFactorRequired: boolean }>('POST', '/api/login', { login, password });
    if (r.twoFactorRequired) setStage('totp');
    else await onDone();
  });
  const tf = useSubmit(async () => {
    await json('POST', '/api/login/two-factor', useRecovery ? { recoveryCode: code } : { code });
    await onDone();
  });
  if (stage === 'totp') {
    return (
      <main id="main" className="auth-page">
        <h1>{t('twoFactorTitle')}</h1>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void tf.submit();
          }}
        >
          <Field label={useRecovery ? t('recoveryCode') : t('twoFactorCode')}>
            {(p) => (
              <input
                {...p}
                name="code"
                autoComplete="one-time-code"
                inputMode={useRecovery ? 'text' : 'numeric'}
                required
                value={code}
                onChange={(e) => setCode(e.target.value)}
              />
            )}
          </Field>
          <FormError message={tf.error} />
          <button type="submit" className="primary" disabled={tf.busy}>
            {t('verify')}
          </button>
          <button type="button" className="link" onClick={() => setUseRecovery(!useRecovery)}>
            {useRecovery ? t('twoFactorCode') : t('useRecoveryCode')}
          </button>
        </form>
      </main>
    );
  }
  return (
    <main id="main" className="auth-page">
      <h1>{t('signInTitle')}</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void pw.submit();
        }}
      >
        <Field label={t('login')}>
          {(p) => <input {...p} name="login" autoComplete="username" required value={login} onChange={(e) => setLogin(e.target.value)} />}
        </Field>
        <Field label={t('password')}>
          {(p) => (
            <input
              {...p}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          )}
        </Field>
        <FormError message={pw.error} />
        <button type="submit" className="primary" disabled={pw.busy}>
          {t('signIn')}
        </button>
      </form>
    </main>
  );
}
