import type { AppError } from '../../platform/errors/app-error.js';
import type { TCreateMarketBody } from './markets.schemas.js';

// `npx comptoir market create|update`: command-line flags to the API's body, and the API's
// field errors back to flags. The rules are the service's (markets.service.ts), not repeated.

export const marketCommandOptions = {
  code: { type: 'string' },
  name: { type: 'string' },
  countries: { type: 'string' },
  locales: { type: 'string' },
  'default-locale': { type: 'string' },
  currency: { type: 'string' },
  url: { type: 'string' },
  'b2b-only': { type: 'string' },
  approval: { type: 'string' },
  programme: { type: 'string' },
} as const;

type TValues = { [K in keyof typeof marketCommandOptions]?: string | undefined };

const flagOf: Record<string, string> = {
  code: '--code',
  name: '--name',
  countries: '--countries',
  locales: '--locales',
  defaultLocale: '--default-locale',
  currency: '--currency',
  publicUrl: '--url',
  b2bOnly: '--b2b-only',
  businessProgramme: '--programme',
  accountApproval: '--approval',
};

const list = (value: string) => value.split(',').map((item) => item.trim()).filter((item) => item !== '');

/**
 * `env` sets a setting back to the environment's (null); `--url none` leaves the default market
 * on PUBLIC_URL. A value that is none of these is passed on as typed, so the service lists it
 * with every other bad field.
 */
function flag(value: string | undefined): boolean | null | string | undefined {
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (value === 'env') return null;
  return value;
}

/** The given flags as the body of POST/PATCH /api/staff/markets; absent flags are absent. */
export function marketBodyOf(values: TValues): TCreateMarketBody {
  const body: Record<string, unknown> = {
    code: values.code,
    name: values.name,
    countries: values.countries === undefined ? undefined : list(values.countries),
    locales: values.locales === undefined ? undefined : list(values.locales),
    defaultLocale: values['default-locale'],
    currency: values.currency,
    publicUrl: values.url === undefined ? undefined : values.url === 'none' ? null : values.url,
    b2bOnly: flag(values['b2b-only']),
    accountApproval: values.approval,
    businessProgramme: values.programme === 'env' ? null : values.programme,
  };
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)) as TCreateMarketBody;
}

/** One line per bad field, named by its flag: `--currency: An ISO 4217 currency code, e.g. EUR.` */
export function describeMarketErrors(error: AppError): string {
  const lines = (error.errors ?? []).map((field) => {
    const [head, ...rest] = field.path.split('.');
    const name = flagOf[head ?? ''] ?? field.path;
    return `${name}${rest.length > 0 ? ` (item ${Number(rest[0]) + 1})` : ''}: ${field.message}`;
  });
  return lines.length > 0 ? lines.join('\n') : error.title;
}
