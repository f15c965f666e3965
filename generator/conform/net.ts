// IP addresses and prefixes as Go parses them: net.ParseIP / net.ParseCIDR (OpenAPI formats ipv4, ipv6,
// cidr) and net/netip (Kubernetes' CEL ip and cidr libraries). IPv4 parts may not have leading zeros
// (Go ≥ 1.17); a zone (`%eth0`) is only read by netip.

export interface Addr {
  /** 4 bytes for IPv4, 16 for IPv6 (an IPv4-mapped IPv6 address stays 16 bytes: netip's Is4In6). */
  readonly bytes: readonly number[];
  readonly zone: string;
}

function parseV4Bytes(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p)) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseV6Bytes(s: string): number[] | undefined {
  let head = s;
  let tail4: number[] | undefined;
  const lastColon = s.lastIndexOf(':');
  if (s.includes('.')) {
    tail4 = parseV4Bytes(s.slice(lastColon + 1));
    if (tail4 === undefined) return undefined;
    head = s.slice(0, lastColon + 1);
    // "::1.2.3.4" keeps "::"; "1::1.2.3.4" leaves "1::"; "1:2:3:4:5:6:1.2.3.4" leaves "1:2:3:4:5:6:"
    // Stryker disable next-line StringLiteral: equivalent: head is cut just after a colon, so it always ends with one
    if (head.endsWith(':') && !head.endsWith('::')) head = head.slice(0, -1);
  }
  const groupsWanted = tail4 === undefined ? 8 : 6;
  const halves = head.split('::');
  if (halves.length > 2) return undefined;
  const parseGroups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const groups = part.split(':');
    const out: number[] = [];
    for (const g of groups) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return undefined;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const left = parseGroups(halves[0]!);
  // Stryker disable next-line ArrayDeclaration: equivalent: without "::" only the left half is read
  const right = halves.length === 2 ? parseGroups(halves[1]!) : [];
  if (left === undefined || right === undefined) return undefined;
  let groups: number[];
  if (halves.length === 2) {
    const fill = groupsWanted - left.length - right.length;
    if (fill < 1) return undefined;
    groups = [...left, ...new Array<number>(fill).fill(0), ...right];
  } else {
    if (left.length !== groupsWanted) return undefined;
    groups = left;
  }
  const bytes: number[] = [];
  for (const g of groups) bytes.push(g >> 8, g & 0xff);
  if (tail4 !== undefined) bytes.push(...tail4);
  return bytes;
}

/** netip.ParseAddr: IPv4, IPv6 (with an optional zone). */
export function parseAddr(s: string): Addr | undefined {
  if (!s.includes(':')) {
    const v4 = parseV4Bytes(s);
    return v4 === undefined ? undefined : { bytes: v4, zone: '' };
  }
  const pct = s.indexOf('%');
  // Stryker disable next-line EqualityOperator: equivalent: at 0, '%' starts the text, whose address part is empty and refused either way
  const zoned = pct >= 0;
  const zone = zoned ? s.slice(pct + 1) : '';
  if (zoned && zone === '') return undefined;
  const v6 = parseV6Bytes(zoned ? s.slice(0, pct) : s);
  return v6 === undefined ? undefined : { bytes: v6, zone };
}

/** net.ParseIP: like netip without zones. */
export function goParseIP(s: string): Addr | undefined {
  const a = parseAddr(s);
  return a === undefined || a.zone !== '' ? undefined : a;
}

export const is4 = (a: Addr): boolean => a.bytes.length === 4;

/** An IPv4-mapped IPv6 address (::ffff:a.b.c.d). */
export function is4In6(a: Addr): boolean {
  // Stryker disable next-line ConditionalExpression: equivalent: an IPv4 address fails the zero-byte loop below (bytes[4] is undefined)
  if (a.bytes.length !== 16) return false;
  for (let i = 0; i < 10; i++) if (a.bytes[i] !== 0) return false;
  return a.bytes[10] === 0xff && a.bytes[11] === 0xff;
}

/** The canonical text (RFC 5952 for IPv6, as netip prints it). */
export function formatAddr(a: Addr): string {
  if (is4(a)) return a.bytes.join('.');
  if (is4In6(a)) return `::ffff:${a.bytes.slice(12).join('.')}${a.zone ? `%${a.zone}` : ''}`;
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((a.bytes[i]! << 8) | a.bytes[i + 1]!);
  // The longest run of two or more zero groups (the first one on a tie) becomes "::".
  let bestStart = -1;
  let bestLen = 1;
  // Stryker disable next-line EqualityOperator: equivalent: groups[8] is undefined, not 0, so the extra step ends the loop
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (groups[j] === 0) j++; // groups[8] is undefined
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  const text = bestStart < 0 ? hex.join(':') : `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
  return a.zone ? `${text}%${a.zone}` : text;
}

export interface Prefix {
  readonly addr: Addr;
  readonly bits: number;
}

/** netip.ParsePrefix (no zone; the address is kept as written, not masked). */
export function parsePrefix(s: string): Prefix | undefined {
  const slash = s.lastIndexOf('/');
  // Stryker disable next-line ConditionalExpression,EqualityOperator: equivalent: without a slash (or with one first) the address part is digits or empty, which parseAddr refuses
  if (slash < 0) return undefined;
  const addr = parseAddr(s.slice(0, slash));
  const bitsText = s.slice(slash + 1);
  if (addr === undefined || addr.zone !== '' || !/^(0|[1-9][0-9]{0,2})$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  if (bits > addr.bytes.length * 8) return undefined;
  return { addr, bits };
}

/** The prefix's address with the host bits cleared. */
export function maskAddr(a: Addr, bits: number): Addr {
  const bytes = a.bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    return b & ((0xff << (8 - keep)) & 0xff);
  });
  return { bytes, zone: '' };
}

export function prefixContains(p: Prefix, a: Addr): boolean {
  if (a.bytes.length !== p.addr.bytes.length || a.zone !== '') return false;
  const m1 = maskAddr(p.addr, p.bits).bytes;
  const m2 = maskAddr(a, p.bits).bytes;
  return m1.every((b, i) => b === m2[i]);
}

/** net.ParseMAC: 6, 8 or 20 octets separated by ':' or '-', or groups of four hex digits separated by '.'. */
export function isMac(s: string): boolean {
  const octets = (sep: string): boolean => {
    const parts = s.split(sep);
    return [6, 8, 20].includes(parts.length) && parts.every((p) => /^[0-9A-Fa-f]{2}$/.test(p));
  };
  if (s.includes(':')) return octets(':');
  if (s.includes('-')) return octets('-');
  const groups = s.split('.');
  return [3, 4, 10].includes(groups.length) && groups.every((g) => /^[0-9A-Fa-f]{4}$/.test(g));
}
