import fc from 'fast-check';

/**
 * JSON schemas as /openapi.json states them (zod 4's output: inline, no `$ref`), turned into
 * fast-check arbitraries for the fuzzing of every route (test/http/fuzz-openapi.test.ts), and
 * the hostile values a client may send instead.
 */
export type TJsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: TJsonSchema[];
  oneOf?: TJsonSchema[];
  allOf?: TJsonSchema[];
  properties?: Record<string, TJsonSchema>;
  required?: string[];
  additionalProperties?: boolean | TJsonSchema;
  items?: TJsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  default?: unknown;
};

/** Values a schema-valid client would send, more or less: the schema's shape, enums, bounds, formats and patterns. */
export function arbitraryFor(schema: TJsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum?.length) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union?.length) return fc.oneof(...union.map((part) => arbitraryFor(part, depth + 1)));
  if (schema.allOf?.length) return arbitraryFor(Object.assign({}, ...schema.allOf) as TJsonSchema, depth + 1);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type ?? (schema.properties ? 'object' : undefined)) {
    case 'string':
      return stringFor(schema);
    case 'integer':
      return fc.integer({ min: boundOf(schema.minimum, schema.exclusiveMinimum, 1, -1000), max: boundOf(schema.maximum, schema.exclusiveMaximum, -1, 100_000) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 100_000, noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(arbitraryFor(schema.items, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, Math.max(3, schema.minItems ?? 0)) });
    case 'object':
      return objectFor(schema, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function boundOf(inclusive: number | undefined, exclusive: number | undefined, step: number, fallback: number): number {
  if (inclusive !== undefined) return Math.max(Number.MIN_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, inclusive));
  if (exclusive !== undefined) return exclusive + step;
  return fallback;
}

function stringFor(schema: TJsonSchema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 40, Math.max(minLength, 60));
  switch (schema.format) {
    case 'email':
      return fc.emailAddress();
    case 'uuid':
      return fc.uuid();
    case 'date':
      return fc.date({ min: new Date('1950-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }).map((date) => date.toISOString().slice(0, 10));
    case 'date-time':
      return fc.date({ min: new Date('1950-01-01'), max: new Date('2090-12-31'), noInvalidDate: true }).map((date) => date.toISOString());
    case 'uri':
      return fc.webUrl();
  }
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern)).filter((text) => text.length <= Math.max(maxLength, 200));
    } catch {
      // A pattern fast-check cannot generate from (lookarounds): any string then.
    }
  }
  return fc.string({ minLength, maxLength, unit: 'grapheme' });
}

function objectFor(schema: TJsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const properties = schema.properties ?? {};
  const required = new Set(schema.required ?? []);
  const shape = Object.fromEntries(Object.entries(properties).map(([key, part]) => [key, arbitraryFor(part, depth + 1)]));
  const known = fc.record(shape, { requiredKeys: Object.keys(properties).filter((key) => required.has(key)) });
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    const extra = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), arbitraryFor(schema.additionalProperties, depth + 1), { maxKeys: 3 });
    return fc.tuple(known, extra).map(([a, b]) => ({ ...b, ...a }));
  }
  return known;
}

/** One value that no honest client sends: wrong types, extreme numbers, awkward text, deep structures. */
export const hostileValue: fc.Arbitrary<unknown> = fc.constantFrom<unknown>(
  1e308,
  -1e308,
  -0,
  Number.MAX_SAFE_INTEGER + 2,
  -2147483649,
  9.999999999999999e22,
  0.1 + 0.2,
  'NaN',
  'Infinity',
  '-1',
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '\u202egnp.exe',
  '👩‍👩‍👧‍👦🇫🇷',
  'e\u0301\u0301\u0301',
  '\ufeff',
  '<script>alert(1)</script>',
  "' or 1=1 --",
  '%00',
  '../../etc/passwd',
  'x'.repeat(100_000),
  '9'.repeat(400),
  '2024-02-30',
  '0000-00-00T25:61:61Z',
  'not-an-email@',
  true,
  false,
  null,
  [],
  {},
  [null],
  JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}') as unknown,
  nested(2_000),
);

/** Arrays nested `depth` deep: a parser or validator that recurses must not fall over. */
export function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = [value];
  return value;
}

/** The dotted paths of every leaf and branch of a JSON value, root excluded. */
export function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== 'object') return prefix.length ? [prefix] : [];
  const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value as Record<string, unknown>);
  return [...(prefix.length ? [prefix] : []), ...entries.flatMap(([key, item]) => pathsOf(item, [...prefix, key]))];
}

/** A copy of `value` with the field at `path` replaced (or set, on objects). */
export function withField(value: unknown, path: string[], replacement: unknown): unknown {
  if (!path.length) return replacement;
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[Number(head)] = withField(copy[Number(head)], rest, replacement);
    return copy;
  }
  const base = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  return { ...base, [head]: withField(base[head], rest, replacement) };
}

/** A schema-shaped value with one field (or the whole body) swapped for a hostile value. */
export function mutatedBodyFor(schema: TJsonSchema | undefined): fc.Arbitrary<unknown> {
  return fc.tuple(arbitraryFor(schema), hostileValue, fc.nat()).map(([valid, hostile, pick]) => {
    const paths = pathsOf(valid);
    const extraKey = ['unexpectedField'];
    const choices = [...paths, extraKey, []];
    return withField(valid, choices[pick % choices.length]!, hostile);
  });
}

/** Every string leaf replaced by `text`, every number by `number`: the same hostile value in every field at once. */
export function everyLeaf(value: unknown, replace: (leaf: unknown) => unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => everyLeaf(item, replace));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, item]) => [key, everyLeaf(item, replace)]));
  }
  return replace(value);
}

/** Path parameter values: real-looking ids that are not there, and text a router or a query must survive. */
export const hostilePathValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '0',
    '-1',
    '9'.repeat(40),
    'cus_' + 'a'.repeat(24),
    '00000000-0000-0000-0000-000000000000',
    "' or '1'='1",
    '%00',
    '\u0000',
    '..',
    '\ud800',
    '\u202e',
    '😀',
    'x'.repeat(3_000),
    'null',
    'undefined',
    '[object Object]',
  ),
  fc.string({ minLength: 1, maxLength: 30, unit: 'grapheme' }),
);

/** Query string values, as text (a query is text whatever the schema says). */
export const hostileQueryValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('', '-1', '0', '1e308', 'NaN', '99999999999999999999', 'true', '[]', '{}', '\u0000', '\ud800', 'x'.repeat(5_000), '2024-13-45', '\u202e'),
  fc.string({ maxLength: 30, unit: 'grapheme' }),
);

/** Headers a client may send alongside: long idempotency keys, strange languages, bad dates. */
export const hostileHeaders: fc.Arbitrary<Record<string, string>> = fc.record(
  {
    'idempotency-key': fc.oneof(fc.constant('k'.repeat(1_000)), fc.constant(''), fc.string({ minLength: 1, maxLength: 80 }).map(asciiHeader)),
    'accept-language': fc.constantFrom('*', 'xx-YY;q=2', 'fr;q=abc, en;q=-1', 'a'.repeat(2_000), ',,,;;', 'zh-Hant-TW-x-private-1234567890'),
    'if-modified-since': fc.constantFrom('yesterday', 'Thu, 01 Jan 1970 00:00:00 GMT', 'Fri, 31 Dec 9999 23:59:59 GMT', '0'),
    'x-csrf-token': fc.string({ maxLength: 80 }).map(asciiHeader),
    accept: fc.constantFrom('text/html', 'application/xml', '*/*', 'image/png', 'application/json;q=0'),
  },
  { requiredKeys: [] },
);

/** Header values are Latin-1 without controls; anything else is refused by Node before the app sees it. */
function asciiHeader(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '_');
}
