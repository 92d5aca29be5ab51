import { type InputHTMLAttributes, type ReactNode, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useI18n } from './i18n.js';

export type Async<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'done'; value: T };

/** Runs `load` whenever `deps` change; an older answer arriving late never overwrites a newer one. */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): [Async<T>, () => void] {
  const [result, setResult] = useState<Async<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  const run = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller names the dependencies
  useEffect(() => {
    const mine = ++run.current;
    setResult({ state: 'loading' });
    load().then(
      (value) => mine === run.current && setResult({ state: 'done', value }),
      (err: unknown) => mine === run.current && setResult({ state: 'error', message: err instanceof Error ? err.message : String(err) }),
    );
  }, [...deps, tick]);
  return [result, useCallback(() => setTick((t) => t + 1), [])];
}

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="muted" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {t('loading')}
    </p>
  );
}

export function ErrorBox({ message, retry }: { message: string; retry?: () => void }) {
  const { t } = useI18n();
  return (
    <div className="error" role="alert">
      <p>{t('error', message)}</p>
      {retry && (
        <button type="button" onClick={retry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children?: ReactNode }) {
  const { t } = useI18n();
  return <p className="empty">{children ?? t('noData')}</p>;
}

/** Renders an Async: spinner, error in words, or the content. */
export function AsyncView<T>({ value, retry, children }: { value: Async<T>; retry?: () => void; children: (v: T) => ReactNode }) {
  if (value.state === 'loading') return <Loading />;
  if (value.state === 'error') return <ErrorBox message={value.message} {...(retry ? { retry } : {})} />;
  return <>{children(value.value)}</>;
}

export function Field({
  label,
  hint,
  children,
}: {
  label: string;
  hint?: string;
  children: (props: { id: string; 'aria-describedby'?: string }) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children(hint ? { id, 'aria-describedby': hintId } : { id })}
      {hint && (
        <small id={hintId} className="muted">
          {hint}
        </small>
      )}
    </div>
  );
}

export function Checkbox({ label, checked, onChange }: { label: string; checked: boolean; onChange: (v: boolean) => void }) {
  const id = useId();
  return (
    <div className="check">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

export function CopyBox({ text, label }: { text: string; label: string }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const id = useId();
  return (
    <div className="copybox">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} readOnly value={text} rows={Math.min(16, text.split('\n').length + 1)} spellCheck={false} />
      <button
        type="button"
        onClick={() => {
          void navigator.clipboard?.writeText(text).then(
            () => setCopied(true),
            () => setCopied(false),
          );
          const el = document.getElementById(id) as HTMLTextAreaElement | null;
          el?.select();
        }}
      >
        {t('copy')}
      </button>
      <span role="status" aria-live="polite" className="muted">
        {copied ? t('copied') : ''}
      </span>
    </div>
  );
}

/** A form that reports its own submission state and error in words. */
export function useSubmit<A extends unknown[]>(action: (...args: A) => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [done, setDone] = useState(false);
  const submit = async (...args: A) => {
    setBusy(true);
    setError('');
    setDone(false);
    try {
      await action(...args);
      setDone(true);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, done, submit };
}

export function FormError({ message }: { message: string }) {
  if (!message) return null;
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}

export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The server's MIN_PASSWORD_LENGTH (packages/server/src/auth/passwords.ts): the browser says so before a round trip. */
export const MIN_PASSWORD_LENGTH = 8;

/** A field for choosing a password: required, at least MIN_PASSWORD_LENGTH, and marked so password managers offer one. */
export function NewPasswordInput(props: InputHTMLAttributes<HTMLInputElement>) {
  return <input {...props} type="password" autoComplete="new-password" required minLength={MIN_PASSWORD_LENGTH} />;
}
