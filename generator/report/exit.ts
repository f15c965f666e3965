// The one place that maps outcomes to exit codes. These codes are a stable interface for scripts.
import type { Outcome } from './types.js';

export const EXIT_CODES: Readonly<Record<Outcome, 0 | 1 | 2>> = {
  ok: 0,
  drift: 1,
  /** diff --fail-on destructive: a destructive change is not acknowledged. */
  blocked: 1,
  invalid: 2,
};
