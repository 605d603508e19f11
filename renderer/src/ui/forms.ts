// Form submission the same way everywhere: a VALIDATION AppError's issues land on the fields (keyed by path,
// e.g. "office.name"); any other failure is shown once above the form; the button is disabled meanwhile.
import { useCallback, useState } from 'react';
import { AppError } from '../../../shared/errors';
import { errorMessage } from '../api';

export function fieldErrors(e: unknown): Record<string, string> {
  if (!(e instanceof AppError) || e.code !== 'VALIDATION') return {};
  const issues = (e.details as { issues?: { path: string; message: string }[] } | undefined)?.issues ?? [];
  const out: Record<string, string> = {};
  for (const i of issues) if (!(i.path in out)) out[i.path] = i.message;
  return out;
}

export interface FormSubmit {
  errors: Record<string, string>;
  setErrors(errors: Record<string, string>): void;
  failure: string;
  busy: boolean;
  /** Runs `action`; returns true when it succeeded. */
  submit(action: () => Promise<unknown>): Promise<boolean>;
}

export function useFormSubmit(): FormSubmit {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = useCallback(async (action: () => Promise<unknown>) => {
    setBusy(true);
    setFailure('');
    try {
      await action();
      setErrors({});
      return true;
    } catch (e) {
      const fe = fieldErrors(e);
      setErrors(fe);
      if (Object.keys(fe).length === 0) setFailure(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { errors, setErrors, failure, busy, submit };
}
